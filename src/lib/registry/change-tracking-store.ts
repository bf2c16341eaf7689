/**
 * A store that remembers which versions its committed writes put or deleted, so that copies kept
 * elsewhere (other tabs' pages) can be patched instead of read again.
 */
import type { ModelStore, StoreTx, VersionKey } from './store';

/** A version a write touched. */
export type { VersionKey };

/**
 * The most versions remembered between two takes. Past it, a copy kept elsewhere reads everything
 * again anyway, and remembering every key an import wrote held 34 MiB in the worker at 300,000 versions.
 */
export const MAX_TRACKED_VERSIONS = 5_000;

export class ChangeTrackingStore implements ModelStore {
	private touched = new Map<string, VersionKey>();
	/** More versions were touched than are remembered, or every one (a wipe). */
	private everything = false;

	constructor(
		private readonly inner: ModelStore,
		private readonly limit = MAX_TRACKED_VERSIONS
	) {}

	read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		return this.inner.read(work);
	}

	async write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		const touched = new Map<string, VersionKey>();
		let everything = false;
		const touchAll = () => {
			everything = true;
			touched.clear();
		};
		const touch = (model: string, version: string) => {
			if (everything) return;
			touched.set(`${model}\u0000${version}`, [model, version]);
			if (touched.size > this.limit) touchAll();
		};
		const result = await this.inner.write((tx) =>
			work(
				Object.assign(Object.create(tx) as StoreTx, {
					putVersion: (version) => {
						touch(version.modelName, version.version);
						return tx.putVersion(version);
					},
					putVersions: (versions, replacing) => {
						for (const version of versions) touch(version.modelName, version.version);
						return tx.putVersions(versions, replacing);
					},
					deleteVersion: (model, version) => {
						touch(model, version);
						return tx.deleteVersion(model, version);
					},
					clear: () => {
						touchAll();
						return tx.clear();
					}
				} satisfies Partial<StoreTx>)
			)
		);
		// Only a committed write gets here: an aborted one changed nothing.
		if (everything) this.touchedEverything();
		else if (!this.everything) {
			for (const [key, value] of touched) this.touched.set(key, value);
			if (this.touched.size > this.limit) this.touchedEverything();
		}
		return result;
	}

	private touchedEverything(): void {
		this.everything = true;
		this.touched = new Map();
	}

	/**
	 * What committed writes touched since the last call: their versions, or `'all'` after a wipe or
	 * more than the limit, when copies kept elsewhere must read everything again.
	 */
	takeTouched(): VersionKey[] | 'all' {
		const taken = this.everything ? 'all' : [...this.touched.values()];
		this.touched = new Map();
		this.everything = false;
		return taken;
	}

	close(): Promise<void> {
		return this.inner.close();
	}
}
