/**
 * The registry as the app uses it, through its worker: registering one version at a time against
 * plain Dexie puts in a worker, and the cost of a call across the worker boundary.
 */
import * as Comlink from 'comlink';
import { DexieModelStore, ModelRegistry, type ModelVersion, type RegisterInput } from '../../src/lib';
import { registry as appRegistry } from '../../src/lib/worker/client';
import { APP_DATABASE_NAME } from '../../src/lib/worker/contract';
import { percentile } from '../measure.js';
import type { RawWorkerApi } from './raw.worker';
import RawWorker from './raw.worker?worker&inline';

const summary = (times: number[], totalMs: number) => ({
	p50Ms: percentile(times, 50),
	p95Ms: percentile(times, 95),
	perSecond: Math.round((times.length / totalMs) * 1000)
});

function input(i: number): RegisterInput {
	return {
		name: 'bench-model',
		version: `${Math.floor(i / 1000)}.${i % 1000}.0`,
		framework: 'pytorch',
		metrics: { accuracy: (i % 1000) / 1000, custom: { loss: 1 / (i + 1) } },
		parameters: { lr: 0.001, layers: [64, 32] },
		tags: { run: String(i), team: 'bench' },
		description: `Run ${i}`
	};
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

async function timeEach(count: number, call: (i: number) => Promise<unknown>) {
	const times: number[] = [];
	const start = performance.now();
	for (let i = 0; i < count; i++) {
		const t = performance.now();
		await call(i);
		times.push(performance.now() - t);
	}
	return summary(times, performance.now() - start);
}

export async function workerScenarios(count: number, calls: number) {
	const app = appRegistry();
	await app.wipe();
	const register = await timeEach(count, (i) => app.register(input(i)));

	const raw = Comlink.wrap<RawWorkerApi>(new RawWorker());
	await raw.clear();
	const at = new Date().toISOString();
	const records = Array.from({ length: count }, (_, i) => ({
		...input(i),
		modelName: 'bench-model',
		fullName: `bench-model:${input(i).version}`,
		stage: 'development',
		createdAt: at,
		updatedAt: at
	}));
	const start = performance.now();
	const rawTimes = await raw.putEach(records);
	const rawPut = summary(rawTimes, performance.now() - start);
	const indexedStart = performance.now();
	const indexedTimes = await raw.putEachIndexed(records as ModelVersion[]);
	const rawPutIndexed = summary(indexedTimes, performance.now() - indexedStart);
	// The floor's three ways take turns, so each one's rate is over its own time.
	const floors = await raw.registerFloors(records as ModelVersion[]);
	const ownRate = (times: number[]) => summary(times, sum(times));
	const requestFloor = ownRate(floors.wait);
	const readsWithWrites = ownRate(floors['with-writes']);
	const writesAlone = ownRate(floors.none);

	// The same database, read on the page's own thread: what a call costs without the worker.
	const direct = new ModelRegistry(new DexieModelStore({ name: APP_DATABASE_NAME }));
	const roundTrip = {
		emptyCallThroughComlink: await timeEach(calls, () => raw.noop()),
		emptyCallDirect: await timeEach(calls, () => Promise.resolve()),
		getVersionThroughWorker: await timeEach(calls, (i) =>
			app.getVersion('bench-model', input(i % count).version)
		),
		getVersionDirect: await timeEach(calls, (i) => direct.getVersion('bench-model', input(i % count).version))
	};
	await direct.close();
	return { count, register, rawPut, rawPutIndexed, requestFloor, readsWithWrites, writesAlone, roundTrip };
}
