/**
 * The worker's search index (`ModelRegistry`'s `searchIndex`): every version in memory, read once on
 * the first search and then patched with each committed change, this tab's or another's, by reading
 * just the versions it touched. Loads, patches and searches run one at a time in order, so a patch
 * read after a change always lands after the load that preceded it.
 */
import type { ModelStore, ModelVersion, SearchFilter, SearchIndex } from '../registry';
import type { VersionKey } from '../registry/change-tracking-store';
import { VersionIndex } from '../registry/version-index';

/** Beyond this many touched versions (a big import), reading everything again is cheaper. */
export const MAX_PATCH = 5_000;

export class LiveSearch implements SearchIndex {
	private index: VersionIndex | undefined;
	private queue: Promise<unknown> = Promise.resolve();

	/** `store` is where patches re-read the versions a change touched. */
	constructor(private readonly store: ModelStore) {}

	search(
		filter: SearchFilter,
		range: { offset: number; limit: number },
		readAll: () => Promise<ModelVersion[]>
	) {
		return this.enqueue(async () => {
			this.index ??= new VersionIndex(await readAll());
			return this.index.search(filter, range);
		});
	}

	/** Brings the copy up to date after a committed change. */
	changed(touched: readonly VersionKey[] | 'all'): void {
		this.enqueue(async () => {
			const index = this.index;
			if (!index || touched.length === 0) return; // without a copy, the next search reads everything
			if (touched === 'all' || touched.length > MAX_PATCH) {
				this.index = undefined;
				return;
			}
			const current = await this.store.read((tx) =>
				Promise.all(touched.map(([model, version]) => tx.getVersion(model, version)))
			);
			touched.forEach(([model, version], i) => {
				const now = current[i];
				if (now) index.put(now);
				else index.remove(model, version);
			});
		}).catch(() => undefined); // enqueue already dropped the copy
	}

	private enqueue<T>(step: () => Promise<T>): Promise<T> {
		const result = this.queue.then(step);
		// A failed load or patch leaves no copy that could be stale; the next search reads again.
		this.queue = result.catch(() => {
			this.index = undefined;
		});
		return result;
	}
}
