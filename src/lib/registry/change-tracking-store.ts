/**
 * A store that remembers which versions its committed writes put or deleted, so that copies kept
 * elsewhere (the worker's search index, other tabs') can be patched instead of read again.
 */
import type { ModelStore, StoreTx, VersionKey } from './store';

/** A version a write touched. */
export type { VersionKey };

export class ChangeTrackingStore implements ModelStore {
	private touched = new Map<string, VersionKey>();
	private everything = false;

	constructor(private readonly inner: ModelStore) {}

	read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		return this.inner.read(work);
	}

	async write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		const touched = new Map<string, VersionKey>();
		let cleared = false;
		const touch = (model: string, version: string) =>
			touched.set(`${model}\u0000${version}`, [model, version]);
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
						cleared = true;
						return tx.clear();
					}
				} satisfies Partial<StoreTx>)
			)
		);
		// Only a committed write gets here: an aborted one changed nothing.
		for (const [key, value] of touched) this.touched.set(key, value);
		// A wipe touched every version: copies kept elsewhere must read everything again.
		if (cleared) this.everything = true;
		return result;
	}

	/** What committed writes touched since the last call: their versions, or `'all'`. */
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
