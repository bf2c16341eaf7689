/**
 * The whole `RegistryApi`, built from its parts: a ModelRegistry over a change-tracking store (whose
 * searches its store's indexes answer), one write queue that announces each change, cancellable
 * tasks, and bundle transfer. `registry.worker.ts` exposes it over Comlink; tests call it in-process.
 */
import { ModelRegistry, type ModelStore } from '../registry';
import { ChangeTrackingStore } from '../registry/change-tracking-store';
import { CHANGES_CHANNEL, type RegistryApi } from './contract';
import { createFolderZip } from './folder-zip';
import { createModelReading } from './model-reading';
import { loadSampleData } from './sample-data';
import { registrationBytes, withRoomFor, type Estimate } from './storage-room';
import { Tasks, throttled } from './tasks';
import { createSync } from './sync';
import { createTransfer, importLock, type Lock } from './transfer';
import { ServerStore } from '../store/server-store';
import { createWriteQueue } from './write-queue';

export interface RegistryApiOptions {
	/** Where the records are kept: the app's `DexieModelStore`; a test's own database, or an InMemoryModelStore. */
	store: ModelStore;
	/**
	 * Where changes are announced to every tab and heard from them: a BroadcastChannel or its name
	 * (default CHANGES_CHANNEL). Two apis on one name in one process behave as two tabs.
	 */
	channel?: BroadcastChannel | string;
	/** Held while an import is applied; default: Web Locks where there are any, else none (Node). */
	lock?: Lock;
	/** How much storage is free; default: `navigator.storage.estimate()` where there is one. */
	estimate?: Estimate;
	/** The clock behind every timestamp. */
	now?: () => Date;
	/** The MLflow servers this browser knows; default: their own database, `SERVER_DATABASE_NAME`. */
	servers?: ServerStore;
	/** The fetch MLflow requests go through; default: the global one. */
	fetch?: typeof fetch;
}

/** The api, plus `close()`: stop hearing other tabs and close the store (for tests; the worker never ends). */
export type LocalRegistryApi = RegistryApi & { close(): Promise<void> };

/**
 * Builds the api the worker exposes. In a Node test with fake-indexeddb:
 * `createRegistryApi({ store: new DexieModelStore({ name: uniqueName }) })`, then `await api.close()`.
 */
export function createRegistryApi(options: RegistryApiOptions): LocalRegistryApi {
	const tracked = new ChangeTrackingStore(options.store);
	const registry = new ModelRegistry(tracked, { now: options.now });
	const channel =
		typeof options.channel === 'object'
			? options.channel
			: new BroadcastChannel(options.channel ?? CHANGES_CHANNEL);
	const write = createWriteQueue(tracked, channel);
	const tasks = new Tasks();
	const { estimate } = options;
	const reading = createModelReading(registry);
	const lock = options.lock ?? importLock;
	const transfer = createTransfer({ registry, write, tasks, lock, estimate });
	const servers = options.servers ?? new ServerStore();
	const sync = createSync({ registry, servers, write, tasks, lock, estimate, fetch: options.fetch });

	return {
		listModels: (query) => registry.listModels(query),
		getModel: (name) => registry.getModel(name),
		listVersions: (name, query) => registry.listVersions(name, query),
		getVersion: (name, version) => registry.getVersion(name, version),
		getLatest: (name) => registry.getLatest(name),
		getProductionModel: (name) => registry.getProductionModel(name),
		getByAlias: (name, alias) => registry.getByAlias(name, alias),
		search: (filter) => registry.search(filter),
		history: (name, version, query) => registry.history(name, version, query),
		loadFile: (name, version, path) => registry.loadFile(name, version, path),
		readModel: (name, version) => reading.readModel(name, version),
		inspectFiles: (files) => reading.inspectFiles(files),
		metricSeries: (name) => registry.metricSeries(name),
		leaderboard: (metric, query) => registry.leaderboard(metric, query),
		knownMetrics: () => registry.knownMetrics(),
		leaderboardDirection: (metric, model) => registry.leaderboardDirection(metric, model),

		register: (input, taskId, onProgress) =>
			tasks.run(taskId, (signal) =>
				write(
					() =>
						withRoomFor(
							registrationBytes(input),
							() => registry.register(input, { signal, onProgress: throttled(onProgress) }),
							estimate
						),
					(v) => ({ kind: 'registered', model: v.modelName, version: v.version })
				)
			),
		transitionStage: (name, version, stage) =>
			write(
				() => registry.transitionStage(name, version, stage),
				() => ({ kind: 'stage-changed', model: name, version })
			),
		updateModel: (name, patch) =>
			write(
				() => registry.updateModel(name, patch),
				() => ({ kind: 'model-updated', model: name })
			),
		updateVersion: (name, version, patch) =>
			write(
				() => registry.updateVersion(name, version, patch),
				() => ({ kind: 'version-updated', model: name, version })
			),
		setAlias: (name, alias, version) =>
			write(
				() => registry.setAlias(name, alias, version),
				() => ({ kind: 'alias-changed', model: name, version })
			),
		removeAlias: (name, alias) =>
			write(
				() => registry.removeAlias(name, alias),
				(removed) => (removed ? { kind: 'alias-changed', model: name } : undefined)
			),
		setMetricDirection: (name, metric, direction) =>
			write(
				() => registry.setMetricDirection(name, metric, direction),
				() => ({ kind: 'metric-direction', model: name })
			),
		setMetricDirectionEverywhere: (metric, direction) =>
			write(
				() => registry.setMetricDirectionEverywhere(metric, direction),
				(models) => (models.length > 0 ? { kind: 'metric-direction' } : undefined)
			),
		deleteVersion: (name, version) =>
			write(
				() => registry.deleteVersion(name, version),
				(deleted) => (deleted ? { kind: 'version-deleted', model: name, version } : undefined)
			),
		deleteModel: (name) =>
			write(
				() => registry.deleteModel(name),
				(deleted) => (deleted ? { kind: 'model-deleted', model: name } : undefined)
			),
		transitionStages: (name, versions, stage) =>
			write(
				() => registry.transitionStages(name, versions, stage),
				() => ({ kind: 'stage-changed', model: name })
			),
		tagVersions: (name, versions, change) =>
			write(
				() => registry.tagVersions(name, versions, change),
				() => ({ kind: 'version-updated', model: name })
			),
		deleteVersions: (name, versions) =>
			write(
				() => registry.deleteVersions(name, versions),
				() => ({ kind: 'version-deleted', model: name })
			),
		loadSampleData: (taskId, onProgress) =>
			tasks.run(taskId, (signal) =>
				write(
					() => loadSampleData(registry, { signal, onProgress: throttled(onProgress) }),
					() => ({ kind: 'sample-data' })
				)
			),
		...transfer,
		wipe: () =>
			write(
				() => registry.wipe(),
				() => ({ kind: 'wiped' })
			),
		verify: (taskId, onProgress) =>
			tasks.run(taskId, (signal) => registry.verify({ signal, onProgress: throttled(onProgress) })),
		repair: () =>
			write(
				() => registry.repair(),
				(fixes) => (fixes.length > 0 ? { kind: 'repaired' } : undefined)
			),
		cancel: async (taskId) => tasks.cancel(taskId),
		...createFolderZip(registry, tasks),
		...sync,
		close: async () => {
			channel.close();
			servers.close();
			await registry.close();
		}
	};
}
