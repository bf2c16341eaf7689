/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { ModelRegistry, RegistryError } from '../registry';
import { ChangeTrackingStore } from '../registry/change-tracking-store';
import { DexieModelStore } from '../store';
import {
	APP_DATABASE_NAME,
	CHANGES_CHANNEL,
	IMPORT_LOCK,
	PROGRESS_THROTTLE_MS,
	type ProgressListener,
	type RegistryApi,
	type RegistryChange
} from './contract';
import './errors';
import { LiveSearch, MAX_PATCH } from './live-search';
import { loadSampleData } from './sample-data';
import { artifactBytes, withRoomFor } from './storage-room';
import { writeBundle } from '../bundle/export';
import { openBundle, verifiedArtifacts, type OpenedBundle } from '../bundle/import';

const store = new DexieModelStore({ name: APP_DATABASE_NAME });
const tracked = new ChangeTrackingStore(store);
const liveSearch = new LiveSearch(tracked);
const registry = new ModelRegistry(tracked, { searchIndex: liveSearch });
const changes = new BroadcastChannel(CHANGES_CHANNEL);
changes.onmessage = (event: MessageEvent<RegistryChange>) => liveSearch.changed(event.data.versions ?? 'all');
const running = new Map<string, AbortController>();
/** Bundles read and planned, waiting for the user to confirm the import. */
const previews = new Map<string, OpenedBundle>();

// One write at a time from this tab; IndexedDB orders this tab's writes against other tabs'.
let writeQueue: Promise<unknown> = Promise.resolve();

function write<T>(work: () => Promise<T>, change: (result: T) => RegistryChange | undefined): Promise<T> {
	const result = writeQueue.then(work);
	// The next write waits for this one, failed or not; the failure itself reaches the caller through `result`.
	writeQueue = result.catch(() => undefined);
	return result.then(
		(value) => {
			announce(change(value));
			return value;
		},
		(error: unknown) => {
			// Work of several transactions (sample data) can fail after some of them committed.
			announce(undefined);
			throw error;
		}
	);
}

/** Tells this tab's search and every other tab what committed, listing the versions when they are few. */
function announce(change: RegistryChange | undefined): void {
	const touched = tracked.takeTouched();
	if (!change && touched !== 'all' && touched.length === 0) return; // a failure that committed nothing
	const versions = touched === 'all' || touched.length > MAX_PATCH ? undefined : touched;
	liveSearch.changed(versions ?? 'all');
	changes.postMessage({ kind: 'interrupted', ...change, versions });
}

/** The bytes of a bundle's artifacts this registry does not hold yet: what an import adds. */
async function newArtifactBytes(bundle: OpenedBundle): Promise<number> {
	const missing = await registry.missingArtifacts(bundle.entries.keys());
	return missing.reduce((bytes, sha256) => bytes + bundle.entries.get(sha256)!.uncompressedSize, 0);
}

/**
 * Runs cancellable work under `taskId`: `cancel(taskId)` aborts its signal, also while the work
 * still waits in the write queue.
 */
function cancellable<T>(taskId: string | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const controller = new AbortController();
	if (taskId) running.set(taskId, controller);
	return start(controller.signal).finally(() => {
		if (taskId) running.delete(taskId);
	});
}

/** At most one report per PROGRESS_THROTTLE_MS, but always the first and the last. */
function throttled(listener: ProgressListener | undefined): ProgressListener | undefined {
	if (!listener) return undefined;
	let last = -Infinity;
	return (done, total) => {
		const now = performance.now();
		if (done === 0 || done >= total || now - last >= PROGRESS_THROTTLE_MS) {
			last = now;
			void listener(done, total);
		}
	};
}

const api: RegistryApi = {
	listModels: (query) => registry.listModels(query),
	getModel: (name) => registry.getModel(name),
	listVersions: (name, query) => registry.listVersions(name, query),
	getVersion: (name, version) => registry.getVersion(name, version),
	getLatest: (name) => registry.getLatest(name),
	getProductionModel: (name) => registry.getProductionModel(name),
	getByAlias: (name, alias) => registry.getByAlias(name, alias),
	search: (filter) => registry.search(filter),
	history: (name, version, query) => registry.history(name, version, query),
	loadArtifact: (name, version) => registry.loadArtifact(name, version),
	metricSeries: (name) => registry.metricSeries(name),
	leaderboard: (metric, query) => registry.leaderboard(metric, query),
	knownMetrics: () => registry.knownMetrics(),

	register: (input, taskId, onProgress) =>
		cancellable(taskId, (signal) =>
			write(
				() =>
					withRoomFor(artifactBytes(input.artifact), () =>
						registry.register(input, { signal, onProgress: throttled(onProgress) })
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
	loadSampleData: (taskId, onProgress) =>
		cancellable(taskId, (signal) =>
			write(
				() => loadSampleData(registry, { signal, onProgress: throttled(onProgress) }),
				() => ({ kind: 'sample-data' })
			)
		),
	exportBundle: (selection, target, taskId, onProgress) =>
		cancellable(taskId, async (signal) => {
			const { snapshots, artifacts } = await registry.snapshot(selection);
			const output = await target?.createWritable();
			try {
				return await writeBundle(snapshots, artifacts, output, { signal, onProgress: throttled(onProgress) });
			} catch (error) {
				// Leave no half-written bundle behind.
				await output?.abort().catch(() => undefined);
				throw error;
			}
		}),
	previewImport: (file, taskId) =>
		cancellable(taskId, async () => {
			const bundle = await openBundle(file);
			const plan = await registry.planImport(bundle.snapshots);
			const importId = crypto.randomUUID();
			previews.set(importId, bundle);
			return {
				importId,
				plan,
				generator: bundle.manifest.generator,
				exportedAt: bundle.manifest.exportedAt,
				models: bundle.snapshots.length,
				versions: bundle.snapshots.reduce((sum, s) => sum + s.versions.length, 0),
				artifacts: bundle.entries.size,
				artifactBytes: [...bundle.entries.values()].reduce((sum, e) => sum + e.uncompressedSize, 0)
			};
		}),
	applyImport: (importId, policy, taskId, onProgress) =>
		cancellable(taskId, (signal) =>
			write(
				() =>
					navigator.locks.request(IMPORT_LOCK, async () => {
						const bundle = previews.get(importId);
						if (!bundle)
							throw new RegistryError('NOT_FOUND', 'This import is no longer open. Choose the bundle again.');
						const result = await withRoomFor(await newArtifactBytes(bundle), async () => {
							const artifacts = await verifiedArtifacts(bundle, {
								signal,
								onProgress: throttled(onProgress)
							});
							if (signal.aborted)
								throw new RegistryError('CANCELLED', 'The import was cancelled; nothing was changed.');
							const source = bundle.file instanceof File ? bundle.file.name : undefined;
							return registry.importSnapshots(bundle.snapshots, { policy, artifacts, source });
						});
						previews.delete(importId);
						return result;
					}),
				(result) => (result.models > 0 ? { kind: 'imported' } : undefined)
			)
		),
	discardImport: (importId) => {
		previews.delete(importId);
	},
	wipe: () =>
		write(
			() => registry.wipe(),
			() => ({ kind: 'wiped' })
		),
	verify: (taskId, onProgress) =>
		cancellable(taskId, (signal) => registry.verify({ signal, onProgress: throttled(onProgress) })),
	repair: () =>
		write(
			() => registry.repair(),
			(fixes) => (fixes.length > 0 ? { kind: 'repaired' } : undefined)
		),
	cancel: (taskId) => {
		running.get(taskId)?.abort(new RegistryError('CANCELLED', 'Cancelled.'));
	}
};

Comlink.expose(api);
