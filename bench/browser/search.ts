/**
 * Typing a search over many versions, through the app's worker (which answers from the versions
 * table's indexes), against the same searches answered by a scan of every version on the page thread.
 */
import { DexieModelStore, type ModelVersion, type SearchFilter } from '../../src/lib';
import { versionMatches } from '../../src/lib/registry/search';
import { summarize } from '../../src/lib/registry/summary';
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

/**
 * Writes `models` × `perModel` versions straight through the store (the worker is idle meanwhile),
 * a few models a transaction, each model's versions in one request.
 */
async function seed(models: number, perModel: number): Promise<void> {
	const store = new DexieModelStore({ name: APP_DATABASE_NAME });
	const at = new Date().toISOString();
	const step = Math.max(1, Math.floor(5_000 / perModel));
	for (let m = 0; m < models; m += step) {
		await store.write(async (tx) => {
			for (let model = m; model < Math.min(models, m + step); model++) {
				const versions = Array.from({ length: perModel }, (_, i) => version(model, i, at));
				await tx.putVersions(versions);
				// The summary its versions give: "Count them all" of stages reads the stage counts.
				await tx.putModel({
					name: `model-${String(model).padStart(4, '0')}`,
					description: '',
					tags: { team: `team-${model % 20}` },
					createdAt: at,
					updatedAt: at,
					...summarize(versions),
					aliases: {}
				});
			}
		});
	}
	await store.close();
}

/** As Find versions asks (`SEARCH_COUNT_AHEAD`): count 500 matches past the page's start, no further. */
const COUNT_AHEAD = 500;

/** Every prefix of the query, as a person types it, each with the other filters held. */
function keystrokes(query: string, rest: SearchFilter): SearchFilter[] {
	return Array.from({ length: query.length }, (_, i) => ({
		...rest,
		text: query.slice(0, i + 1),
		limit: 50,
		countUpTo: COUNT_AHEAD
	}));
}

/** A keystroke's search in a few words, to name the slowest. */
const describe = (filter: SearchFilter) =>
	[
		`"${filter.text ?? ''}"`,
		...(filter.stages ?? []),
		...Object.entries(filter.metrics ?? {}).map(([name, range]) => `${name} ≥ ${range.min}`)
	].join(', ');

async function timeAll(filters: SearchFilter[], search: (filter: SearchFilter) => Promise<unknown>) {
	const times: number[] = [];
	for (const filter of filters) {
		const start = performance.now();
		await search(filter);
		times.push(performance.now() - start);
	}
	const slowest = filters
		.map((filter, i) => ({ search: describe(filter), ms: Math.round(times[i] as number) }))
		.sort((a, b) => b.ms - a.ms)
		.slice(0, 3);
	return { ...stats(times), slowest };
}

const stats = (times: number[]) => ({
	p50Ms: percentile(times, 50, 2),
	p95Ms: percentile(times, 95, 2),
	searches: times.length
});

/**
 * The searches of one run, over versions `searchSeed` wrote. The caller measures the worker's heap
 * around it, then calls `searchCleanup`.
 */
export async function searchSeed(models: number, perModel: number) {
	await appRegistry().wipe();
	const seedStart = performance.now();
	await seed(models, perModel);
	return {
		versions: models * perModel,
		seedSeconds: Number(((performance.now() - seedStart) / 1000).toFixed(1))
	};
}

export async function searchTyping() {
	const app = appRegistry();
	// Nothing is loaded first: the first search reads what its indexes select, like any other.
	const cold = performance.now();
	await app.search({ text: 'model-0001', limit: 50, countUpTo: COUNT_AHEAD });
	const firstSearchMs = performance.now() - cold;
	// What Find versions shows when it opens: every version, the first page, counted 500 ahead.
	const open = performance.now();
	await app.search({ limit: 50, countUpTo: COUNT_AHEAD });
	const openPageMs = performance.now() - open;
	const typing = [
		...keystrokes('model-0042', {}),
		...keystrokes('team-7', { stages: ['production'] }),
		...keystrokes('model-09', { metrics: { accuracy: { min: 0.5 } } })
	];
	const throughWorker = await timeAll(typing, (filter) => app.search(filter));
	// What the count line says once a whole model name is typed: exact when the model's summary counts it.
	const named = await app.search({ text: 'model-0042', limit: 50, countUpTo: COUNT_AHEAD });
	// "Count them all" on a broad search: every match is counted (a quarter of the versions here). Stages
	// alone are counted from the models' summaries; with a tag too (every version here has a team), each
	// match is read.
	const countAll = performance.now();
	const everyProduction = await app.search({ stages: ['production'], limit: 50 });
	const countAllMs = performance.now() - countAll;
	const countWalked = performance.now();
	const walked = await app.search({ stages: ['production'], tags: { team: '*' }, limit: 50 });
	const countWalkedMs = performance.now() - countWalked;
	if (walked.total !== everyProduction.total)
		throw new Error('The two broad searches should count the same versions.');
	// A search right after each of a few changes: the indexes changed with the rows, in the same transaction.
	const afterChange: number[] = [];
	for (let i = 0; i < 10; i++) {
		await app.register({ name: 'model-0001', version: `9.${i}.0`, tags: { team: 'team-1' } });
		const start = performance.now();
		await app.search({ text: 'model-0001', limit: 50, countUpTo: COUNT_AHEAD });
		afterChange.push(performance.now() - start);
	}
	// The baseline: the same searches by a scan of every version, as the registry answered before issue 18
	// (the worker then kept a copy of every version instead). A few keystrokes show its cost.
	const store = new DexieModelStore({ name: APP_DATABASE_NAME });
	const scanPerKeystroke = await timeAll(typing.slice(0, 5), (filter) =>
		store.read((tx) => tx.scanVersions(versionMatches(filter), { offset: 0, limit: 50 }))
	);
	await store.close();
	return {
		firstSearchMs: Math.round(firstSearchMs),
		openPageMs: Math.round(openPageMs),
		throughWorker,
		modelNameCount: { matches: named.total, atLeast: named.totalCapped === true },
		afterChange: stats(afterChange),
		countAll: { ms: Math.round(countAllMs), matches: everyProduction.total, fromSummaries: true },
		countAllWalked: { ms: Math.round(countWalkedMs), matches: walked.total },
		scanPerKeystroke
	};
}

export async function searchCleanup() {
	await appRegistry().wipe();
}
