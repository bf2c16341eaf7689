/**
 * A ModelStore held in memory: the default for `new ModelRegistry()` and for tests. It keeps the
 * same guarantees as the IndexedDB store: transactions run one at a time, a failed write
 * transaction is rolled back, and stored records are copies the caller cannot mutate.
 */
import { metricEntries, metricOf } from './metrics';
import { compareKeys, isDescending, modelSortKey, versionSortKey } from './order';
import { isOrdered, selectorEntries } from './selector-entries';
import { semverKey } from './semver';
import type { SeriesBucket } from './series-summary';
import { keepingSeries, type SeriesUpkeepOptions } from './series-upkeep';
import type { ModelStore, Range, Scan, StoreTx, Upload } from './store';
import type { ModelOrder, ModelVersion, RegisteredModel, RegistryEvent, VersionOrder } from './types';

const copy = <T>(value: T): T => structuredClone(value);

/** SemVer keys, computed once per version string: the bucket upkeep asks for them on every write. */
const keys = new Map<string, string>();
function keyOf(version: string): string {
	let key = keys.get(version);
	if (key === undefined) keys.set(version, (key = semverKey(version)));
	return key;
}

function page<T>(items: T[], range: Range): T[] {
	return items.slice(range.offset, range.offset + range.limit);
}

function scan<T>(items: T[], match: (item: T) => boolean, range: Range): Scan<T> {
	const matching = items.filter(match);
	return { items: page(matching, range).map(copy), total: matching.length };
}

function sortBy<T>(items: T[], key: (item: T) => string[], descending: boolean): T[] {
	const keyed = items.map((item) => ({ item, key: key(item) }));
	keyed.sort((a, b) => compareKeys(a.key, b.key));
	if (descending) keyed.reverse();
	return keyed.map(({ item }) => item);
}

export class InMemoryModelStore implements ModelStore {
	private readonly models = new Map<string, RegisteredModel>();
	private readonly versions = new Map<string, Map<string, ModelVersion>>();
	private readonly artifacts = new Map<string, Blob>();
	/** Uploads not adopted yet. Adopting moves the Blob to `artifacts`: in memory nothing is copied. */
	private readonly uploads = new Map<string, Upload>();
	private readonly events: RegistryEvent[] = [];
	/** model → `from` → bucket. */
	private readonly buckets = new Map<string, Map<string, SeriesBucket>>();
	private nextEventId = 1;
	private queue: Promise<unknown> = Promise.resolve();
	private closed = false;

	/** `settleSeriesEvery`: how many version writes the series upkeep notes before it settles (tests lower it). */
	constructor(private readonly options: SeriesUpkeepOptions = {}) {}

	read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		return this.run(work, false);
	}

	write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		return this.run(work, true);
	}

	async close(): Promise<void> {
		this.closed = true;
	}

	private run<T>(work: (tx: StoreTx) => Promise<T>, writable: boolean): Promise<T> {
		if (this.closed) return Promise.reject(new Error('InMemoryModelStore is closed'));
		const result = this.queue.then(async () => {
			const undo: Array<() => void> = [];
			try {
				if (!writable) return await work(this.transaction(false, undo));
				const { tx, settle } = keepingSeries(this.transaction(true, undo), this.options);
				const result = await work(tx);
				await settle();
				return result;
			} catch (error) {
				for (const step of undo.reverse()) step();
				throw error;
			}
		});
		// The next transaction waits for this one whether it commits or fails.
		this.queue = result.catch(() => undefined);
		return result;
	}

	private transaction(writable: boolean, undo: Array<() => void>): StoreTx {
		const mutate = (doIt: () => void, undoIt: () => void) => {
			if (!writable) throw new Error('write inside a read transaction');
			doIt();
			undo.push(undoIt);
		};
		const setIn = <K, V>(map: Map<K, V>, key: K, value: V | undefined) =>
			value === undefined ? map.delete(key) : map.set(key, value);
		const versionsOf = (model: string) => {
			let map = this.versions.get(model);
			if (!map) this.versions.set(model, (map = new Map()));
			return map;
		};
		const allVersions = () => [...this.versions.values()].flatMap((map) => [...map.values()]);
		const inKeyRange = (model: string, from: string, before?: string) =>
			sortBy(
				[...(this.versions.get(model)?.values() ?? [])].filter((v) => {
					const key = keyOf(v.version);
					return key >= from && (before === undefined || key < before);
				}),
				(v) => [keyOf(v.version)],
				false
			);
		const bucketsOf = (model: string) =>
			[...(this.buckets.get(model)?.values() ?? [])].sort((a, b) => (a.from < b.from ? -1 : 1));
		const setBucket = (model: string, from: string, bucket: SeriesBucket | undefined) => {
			const map = this.buckets.get(model) ?? new Map<string, SeriesBucket>();
			this.buckets.set(model, map);
			setIn(map, from, bucket);
		};

		const tx: StoreTx = {
			getModel: async (name) => copy(this.models.get(name)),
			putModel: async (model) => {
				const before = this.models.get(model.name);
				mutate(
					() => this.models.set(model.name, copy(model)),
					() => setIn(this.models, model.name, before)
				);
			},
			deleteModel: async (name) => {
				const before = this.models.get(name);
				mutate(
					() => this.models.delete(name),
					() => setIn(this.models, name, before)
				);
			},
			countModels: async () => this.models.size,
			listModels: async (range: Range & { order: ModelOrder }) => {
				const sorted = sortBy(
					[...this.models.values()],
					(m) => modelSortKey(m, range.order),
					isDescending(range.order)
				);
				return page(sorted, range).map(copy);
			},
			scanModels: async (match, range) =>
				scan(
					sortBy([...this.models.values()], (m) => modelSortKey(m, range.order), isDescending(range.order)),
					match,
					range
				),

			getVersion: async (model, version) => copy(this.versions.get(model)?.get(version)),
			putVersion: async (version) => {
				const map = versionsOf(version.modelName);
				const before = map.get(version.version);
				mutate(
					() => map.set(version.version, copy(version)),
					() => setIn(map, version.version, before)
				);
			},
			// Each operation takes effect when called, as an IndexedDB request is queued when made:
			// callers may issue several before awaiting any.
			putVersions: async (list) => {
				await Promise.all(list.map((version) => tx.putVersion(version)));
			},
			deleteVersion: async (model, version) => {
				const map = versionsOf(model);
				const before = map.get(version);
				mutate(
					() => map.delete(version),
					() => setIn(map, version, before)
				);
			},
			listVersions: async (model, range: Range & { order: VersionOrder }) => {
				const items = [...(this.versions.get(model)?.values() ?? [])];
				const sorted = sortBy(items, (v) => versionSortKey(v, range.order), isDescending(range.order));
				return page(sorted, range).map(copy);
			},
			versionsInStage: async (model, stage) =>
				sortBy(
					[...(this.versions.get(model)?.values() ?? [])].filter((v) => v.stage === stage),
					(v) => [v.version],
					false
				).map(copy),
			scanVersions: async (match, range) =>
				scan(
					sortBy(allVersions(), (v) => versionSortKey(v, 'semver-asc'), false),
					match,
					range
				),
			selectVersionKeys: async (selector, cap) => {
				// In search order, and one entry per index entry the IndexedDB store would read, so both give
				// up at the same point and reach as far.
				const keys: Array<[string, string]> = [];
				let entries = 0;
				for (const version of sortBy(allVersions(), (v) => versionSortKey(v, 'semver-asc'), false)) {
					const count = selectorEntries(version, selector);
					if (count === 0) continue;
					entries += count;
					if (entries > cap) {
						const reached = [version.modelName, semverKey(version.version)] as const;
						return isOrdered(selector) ? { more: true, reached } : { more: true };
					}
					keys.push([version.modelName, version.version]);
				}
				return { keys };
			},
			countVersionKeys: async (selector) =>
				allVersions().filter((version) => selectorEntries(version, selector) > 0).length,
			getVersions: async (keys) =>
				keys.flatMap(([model, version]) => {
					const found = this.versions.get(model)?.get(version);
					return found ? [copy(found)] : [];
				}),
			walkVersions: async ({ models, through, descending }, visit) => {
				const from = models
					? models.flatMap((model) => [...(this.versions.get(model)?.values() ?? [])])
					: allVersions();
				const selected = through ? from.filter((v) => selectorEntries(v, through) > 0) : from;
				for (const version of sortBy(selected, (v) => versionSortKey(v, 'semver-asc'), descending)) {
					if (!visit(copy(version))) return;
				}
			},
			modelNames: async () => [...this.models.keys()].sort(),
			metricNames: async () => [
				...new Set(allVersions().flatMap((v) => metricEntries(v).map(([name]) => name)))
			],
			bestByMetric: async (metric, { model, direction, limit }) => {
				const from = model === undefined ? allVersions() : [...(this.versions.get(model)?.values() ?? [])];
				const sign = direction === 'lower' ? 1 : -1;
				const ranked = from
					.filter((v) => metricOf(v, metric) !== undefined)
					.sort((a, b) => sign * ((metricOf(a, metric) as number) - (metricOf(b, metric) as number)));
				const boundary =
					ranked.length > limit ? metricOf(ranked[limit - 1] as ModelVersion, metric) : undefined;
				const kept =
					limit === 0 ? [] : ranked.filter((v, i) => i < limit || metricOf(v, metric) === boundary);
				return kept.map(copy);
			},
			bestOfEachModel: async (metric, direction) => {
				const best = await Promise.all(
					[...this.versions.keys()].map((model) => tx.bestByMetric(metric, { model, direction, limit: 1 }))
				);
				return best.flat();
			},
			versionsInKeyRange: async (model, from, before, limit = Infinity) =>
				inKeyRange(model, from, before).slice(0, limit).map(copy),
			countVersionsInKeyRange: async (model, from, before) => inKeyRange(model, from, before).length,

			seriesBuckets: async (model) => bucketsOf(model).map(copy),
			seriesBucketAt: async (model, key) => copy(bucketsOf(model).findLast((b) => b.from <= key)),
			seriesBucketAfter: async (model, from) => copy(bucketsOf(model).find((b) => b.from > from)),
			putSeriesBuckets: async (list) => {
				for (const bucket of list) {
					const before = this.buckets.get(bucket.model)?.get(bucket.from);
					mutate(
						() => setBucket(bucket.model, bucket.from, copy(bucket)),
						() => setBucket(bucket.model, bucket.from, before)
					);
				}
			},
			deleteSeriesBuckets: async (model, froms) => {
				for (const bucket of bucketsOf(model)) {
					if (froms && !froms.includes(bucket.from)) continue;
					mutate(
						() => setBucket(model, bucket.from, undefined),
						() => setBucket(model, bucket.from, bucket)
					);
				}
			},
			countArtifactRefs: async (sha256) =>
				allVersions().filter((v) => v.files?.some((file) => file.sha256 === sha256)).length,

			hasArtifact: async (sha256) => this.artifacts.has(sha256),
			artifactHashes: async () => [...this.artifacts.keys()].sort(),
			// Blobs are immutable, so they are shared rather than copied.
			getArtifact: async (sha256) => this.artifacts.get(sha256),
			putArtifact: async (sha256, blob) => {
				const before = this.artifacts.get(sha256);
				mutate(
					() => this.artifacts.set(sha256, blob),
					() => setIn(this.artifacts, sha256, before)
				);
			},
			deleteArtifact: async (sha256) => {
				const before = this.artifacts.get(sha256);
				mutate(
					() => this.artifacts.delete(sha256),
					() => setIn(this.artifacts, sha256, before)
				);
			},

			putUpload: async (upload) => {
				const before = this.uploads.get(upload.id);
				mutate(
					() => this.uploads.set(upload.id, { ...upload }),
					() => setIn(this.uploads, upload.id, before)
				);
			},
			adoptUpload: async (id, sha256) => {
				const upload = this.uploads.get(id);
				if (!upload) return false;
				const before = this.artifacts.get(sha256);
				mutate(
					() => {
						this.artifacts.set(sha256, upload.blob);
						this.uploads.delete(id);
					},
					() => {
						setIn(this.artifacts, sha256, before);
						this.uploads.set(id, upload);
					}
				);
				return true;
			},
			deleteUpload: async (id) => {
				const before = this.uploads.get(id);
				mutate(
					() => this.uploads.delete(id),
					() => setIn(this.uploads, id, before)
				);
			},
			strayUploads: async () => [...this.uploads.values()].map((upload) => ({ ...upload })),

			appendEvent: async (event) => {
				const stored: RegistryEvent = { id: this.nextEventId, ...copy(event) };
				mutate(
					() => {
						this.events.push(stored);
						this.nextEventId++;
					},
					() => {
						this.events.pop();
						this.nextEventId--;
					}
				);
				return copy(stored);
			},
			appendEvents: async (list) => {
				await Promise.all(list.map((event) => tx.appendEvent(event)));
			},
			listEvents: async (model, version, newest = Infinity) =>
				this.events
					.filter((e) => e.model === model && (version === undefined || e.version === version))
					.slice(-newest)
					.map(copy),
			eventsAfter: async (model, afterId, limit) =>
				this.events
					.filter((e) => e.model === model && e.id > afterId)
					.slice(0, limit)
					.map(copy),

			clear: async () => {
				const before = {
					models: new Map(this.models),
					versions: new Map(this.versions),
					artifacts: new Map(this.artifacts),
					uploads: new Map(this.uploads),
					events: [...this.events],
					buckets: new Map(this.buckets)
				};
				const restore = <K, V>(map: Map<K, V>, from: Map<K, V>) => {
					map.clear();
					for (const [key, value] of from) map.set(key, value);
				};
				mutate(
					() => {
						this.models.clear();
						this.versions.clear();
						this.artifacts.clear();
						this.buckets.clear();
						this.uploads.clear();
						this.events.length = 0;
					},
					() => {
						restore(this.models, before.models);
						restore(this.versions, before.versions);
						restore(this.artifacts, before.artifacts);
						restore(this.buckets, before.buckets);
						restore(this.uploads, before.uploads);
						// One at a time: spreading a long history into push() would overflow the call stack.
						for (const event of before.events) this.events.push(event);
					}
				);
			},

			// Nothing commits this store's transactions but the end of the work.
			waitFor: (work) => work
		};
		return tx;
	}
}
