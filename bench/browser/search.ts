/**
 * Typing a search over many versions, through the app's worker (which answers from memory), against
 * the same searches read straight from IndexedDB on the page thread (a scan per keystroke).
 */
import { DexieModelStore, ModelRegistry, type ModelVersion, type SearchFilter } from '../../src/lib';
import { registry as appRegistry } from '../../src/lib/worker/client';
import { APP_DATABASE_NAME } from '../../src/lib/worker/contract';
import { percentile } from '../measure.js';

const STAGES = ['development', 'staging', 'production', 'archived'] as const;

function version(model: number, i: number, at: string): ModelVersion {
	const name = `model-${String(model).padStart(4, '0')}`;
	const v = `1.${i}.0`;
	return {
		modelName: name,
		version: v,
		fullName: `${name}:${v}`,
		stage: STAGES[(model + i) % 4] as ModelVersion['stage'],
		framework: 'sklearn',
		metrics: { accuracy: ((model * 7 + i) % 100) / 100, custom: {} },
		parameters: { depth: i % 8 },
		tags: { team: `team-${model % 20}` },
		description: '',
		createdAt: at,
		updatedAt: at
	};
}

/** Writes `models` × `perModel` versions straight through the store (the worker is idle meanwhile). */
async function seed(models: number, perModel: number): Promise<void> {
	const store = new DexieModelStore({ name: APP_DATABASE_NAME });
	const at = new Date().toISOString();
	for (let m = 0; m < models; m += 50) {
		await store.write(async (tx) => {
			for (let model = m; model < Math.min(models, m + 50); model++) {
				for (let i = 0; i < perModel; i++) await tx.putVersion(version(model, i, at));
				await tx.putModel({
					name: `model-${String(model).padStart(4, '0')}`,
					description: '',
					tags: { team: `team-${model % 20}` },
					createdAt: at,
					updatedAt: at,
					versionCount: perModel,
					stageCounts: { development: 0, staging: 0, production: 0, archived: 0 },
					latestVersion: `1.${perModel - 1}.0`,
					aliases: {}
				});
			}
		});
	}
	await store.close();
}

/** Every prefix of the query, as a person types it, each with the other filters held. */
function keystrokes(query: string, rest: SearchFilter): SearchFilter[] {
	return Array.from({ length: query.length }, (_, i) => ({
		...rest,
		text: query.slice(0, i + 1),
		limit: 50
	}));
}

async function timeAll(filters: SearchFilter[], search: (filter: SearchFilter) => Promise<unknown>) {
	const times: number[] = [];
	for (const filter of filters) {
		const start = performance.now();
		await search(filter);
		times.push(performance.now() - start);
	}
	return stats(times);
}

const stats = (times: number[]) => ({
	p50Ms: percentile(times, 50, 2),
	p95Ms: percentile(times, 95, 2),
	searches: times.length
});

export async function searchAtScale(models: number, perModel: number) {
	const app = appRegistry();
	await app.wipe();
	const seedStart = performance.now();
	await seed(models, perModel);
	const seedMs = performance.now() - seedStart;
	// The wipe dropped the worker's copy, so this first search reads every seeded version.
	const cold = performance.now();
	await app.search({ text: 'model-0001', limit: 50 });
	const firstSearchMs = performance.now() - cold;
	const typing = [
		...keystrokes('model-0042', {}),
		...keystrokes('team-7', { stages: ['production'] }),
		...keystrokes('model-09', { metrics: { accuracy: { min: 0.5 } } })
	];
	// A search right after each of a few changes: the worker patches its copy with the versions
	// the change touched instead of reading every version again.
	const afterChange: number[] = [];
	for (let i = 0; i < 10; i++) {
		await app.register({ name: 'model-0001', version: `9.${i}.0`, tags: { team: 'team-1' } });
		const start = performance.now();
		await app.search({ text: 'model-0001', limit: 50 });
		afterChange.push(performance.now() - start);
	}
	const direct = new ModelRegistry(new DexieModelStore({ name: APP_DATABASE_NAME }));
	const result = {
		versions: models * perModel,
		seedSeconds: Number((seedMs / 1000).toFixed(1)),
		firstSearchMs: Math.round(firstSearchMs),
		throughWorker: await timeAll(typing, (filter) => app.search(filter)),
		afterChange: stats(afterChange),
		// The baseline reads the store for every keystroke: a few of them are enough to see its cost.
		scanPerKeystroke: await timeAll(typing.slice(0, 5), (filter) => direct.search(filter))
	};
	await direct.close();
	await app.wipe();
	return result;
}
