/**
 * Metric names and leaderboards over a large registry (issue 18): `models` models of `perModel`
 * versions plus one model of `bigVersions`, read through the registry as the worker runs it. The
 * baselines come from the same database in the same run: the fewest rows a leaderboard must read (a raw
 * cursor over the metric index, `limit` rows) and what reading every version costs, which is what these
 * reads did before the indexes.
 */
import { DexieModelStore, ModelRegistry, type ModelSnapshot, type ModelVersion } from '../../src/lib';
import { toStoredVersion } from '../../src/lib/store/database';
import { now, openRaw, timeOwnRuns, timeRuns } from './runs';
import { modelRecord, registeredEvent, versionRecord } from './seed';

const BIG_MODEL = 'big-model';
const LIMIT = 100;
const BATCH = 20_000;

/**
 * Version `i` of model number `m`: the seed's record with metric values spread across models, so that a
 * leaderboard's top is not thousands of versions tied on one value.
 */
function metricVersion(model: string, m: number, i: number): ModelVersion {
	const spread = ((i * 7919 + m * 104_729) % 1_000_003) / 1_000_003;
	return { ...versionRecord(model, i), metrics: { accuracy: spread, custom: { loss: 1 - spread } } };
}

async function seedModel(store: DexieModelStore, model: string, m: number, count: number) {
	for (let start = 0; start < count; start += BATCH) {
		const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) =>
			metricVersion(model, m, start + k)
		);
		await store.write((tx) => tx.putVersions(batch));
	}
	await store.write((tx) => tx.putModel(modelRecord(model, count, metricVersion(model, m, count - 1))));
}

/** Raw IndexedDB: the best `limit` rows of `metric` from the `[metric, value]` index, highest first. */
function rawBest(db: IDBDatabase, metric: string, limit: number) {
	return new Promise<number>((resolve, reject) => {
		const tx = db.transaction('versions', 'readonly');
		const request = tx
			.objectStore('versions')
			.index('metricKeys')
			.openCursor(IDBKeyRange.bound([metric, -Infinity], [metric, Infinity]), 'prev');
		let rows = 0;
		request.onsuccess = () => {
			const cursor = request.result;
			if (cursor && ++rows < limit) cursor.continue();
		};
		tx.oncomplete = () => resolve(rows);
		tx.onerror = () => reject(tx.error);
	});
}

/** Raw IndexedDB: every version, read in chunks and let go: what a scan of the registry costs. */
async function rawReadEverything(db: IDBDatabase) {
	let after: IDBValidKey | undefined;
	let rows = 0;
	for (;;) {
		const chunk = await new Promise<IDBValidKey[]>((resolve, reject) => {
			const store = db.transaction('versions', 'readonly').objectStore('versions');
			const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
			const values = store.getAll(range, BATCH);
			const keys = store.getAllKeys(range, BATCH);
			keys.onsuccess = () => resolve(keys.result);
			keys.onerror = values.onerror = () => reject(keys.error ?? values.error);
		});
		rows += chunk.length;
		if (chunk.length < BATCH) return rows;
		after = chunk.at(-1);
	}
}

/**
 * A bundle's worth of one new version imported into the big model, preview and apply, as the app's
 * worker runs them; the version is deleted again (untimed) so that every run adds it anew.
 */
async function importOne(registry: ModelRegistry, bigVersions: number) {
	const version = metricVersion(BIG_MODEL, 0, bigVersions);
	const snapshot: ModelSnapshot = {
		model: {
			name: BIG_MODEL,
			description: '',
			tags: {},
			createdAt: version.createdAt,
			updatedAt: version.createdAt,
			aliases: {}
		},
		versions: [version],
		history: [registeredEvent(version)]
	};
	const start = now();
	await registry.planImport([snapshot]);
	await registry.importSnapshots([snapshot], { policy: 'fail', artifacts: new Map() });
	const ms = now() - start;
	await registry.deleteVersion(BIG_MODEL, version.version);
	return ms;
}

/** Raw IndexedDB: one version row put and deleted again, what the import above must at least write. */
function rawPutOne(db: IDBDatabase, version: ModelVersion) {
	return new Promise<void>((resolve, reject) => {
		const tx = db.transaction('versions', 'readwrite');
		const store = tx.objectStore('versions');
		store.put(toStoredVersion(version));
		store.delete([version.modelName, version.version]);
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
	});
}

export async function metricsAtScale(models: number, perModel: number, bigVersions: number, runs: number) {
	const name = `bench-metrics-${models}x${perModel}+${bigVersions}`;
	const store = new DexieModelStore({ name });
	const registry = new ModelRegistry(store);
	let seedSeconds: number | undefined;
	if ((await registry.getModel(BIG_MODEL).catch(() => undefined))?.versionCount !== bigVersions) {
		await store.db.delete();
		await store.db.open();
		const start = now();
		for (let m = 0; m < models; m++)
			await seedModel(store, `model-${String(m).padStart(4, '0')}`, m, perModel);
		await seedModel(store, BIG_MODEL, models, bigVersions);
		seedSeconds = Number(((now() - start) / 1000).toFixed(1));
		console.log(`seeded ${models * perModel + bigVersions} versions in ${seedSeconds} s`);
	}
	const smallModel = 'model-0000';
	const raw = await openRaw(name);
	const readEverything = await timeRuns(1, () => rawReadEverything(raw));
	const results = {
		models: models + 1,
		perModel,
		bigVersions,
		versions: models * perModel + bigVersions,
		limit: LIMIT,
		seedSeconds,
		knownMetrics: await timeRuns(runs, () => registry.knownMetrics()),
		leaderboard: await timeRuns(runs, () => registry.leaderboard('accuracy', { limit: LIMIT })),
		leaderboardBestPerModel: await timeRuns(runs, () =>
			registry.leaderboard('accuracy', { bestPerModel: true, limit: LIMIT })
		),
		leaderboardBigModel: await timeRuns(runs, () =>
			registry.leaderboard('loss', { model: BIG_MODEL, limit: LIMIT })
		),
		leaderboardSmallModel: await timeRuns(runs, () =>
			registry.leaderboard('loss', { model: smallModel, limit: LIMIT })
		),
		leaderboardDirection: await timeRuns(runs, () => registry.leaderboardDirection('accuracy')),
		bigModelPageByMetric: await timeRuns(runs, () =>
			registry.listVersions(BIG_MODEL, { order: 'metric-desc', metric: 'accuracy', limit: 50 })
		),
		importOneVersion: await timeOwnRuns(runs, () => importOne(registry, bigVersions)),
		rawPutOne: await timeRuns(runs, () => rawPutOne(raw, metricVersion(BIG_MODEL, models, bigVersions))),
		rawBest: await timeRuns(runs, () => rawBest(raw, 'accuracy', LIMIT)),
		rawReadEverything: readEverything
	};
	raw.close();
	await registry.close();
	return results;
}
