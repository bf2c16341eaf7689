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
const MAX_TRACKED_VERSIONS = 5_000;

/** Versions touched, up to a limit; past it, or after a wipe, every version. */
class Touched {
	private keys = new Map<string, VersionKey>();
	private all = false;

	constructor(private readonly limit: number) {}

	add(model: string, version: string): void {
		if (this.all) return;
		this.keys.set(`${model}\u0000${version}`, [model, version]);
		if (this.keys.size > this.limit) this.addAll();
	}

	addAll(): void {
		this.all = true;
		this.keys = new Map();
	}

	merge(other: Touched): void {
		if (other.all) this.addAll();
		else for (const [model, version] of other.keys.values()) this.add(model, version);
	}

	list(): VersionKey[] | 'all' {
		return this.all ? 'all' : [...this.keys.values()];
	}
}

export class ChangeTrackingStore implements ModelStore {
	private touched: Touched;

	constructor(
		private readonly inner: ModelStore,
		private readonly limit = MAX_TRACKED_VERSIONS
	) {
		this.touched = new Touched(limit);
	}

	read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		return this.inner.read(work);
	}

	async write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
		const touched = new Touched(this.limit);
		const result = await this.inner.write((tx) =>
			work(
				Object.assign(Object.create(tx) as StoreTx, {
					putVersion: (version) => {
						touched.add(version.modelName, version.version);
						return tx.putVersion(version);
					},
					putVersions: (versions, replacing) => {
						for (const version of versions) touched.add(version.modelName, version.version);
						return tx.putVersions(versions, replacing);
					},
					deleteVersion: (model, version) => {
						touched.add(model, version);
						return tx.deleteVersion(model, version);
					},
					clear: () => {
						touched.addAll();
						return tx.clear();
					}
				} satisfies Partial<StoreTx>)
			)
		);
		// Only a committed write gets here: an aborted one changed nothing.
		this.touched.merge(touched);
		return result;
	}

	/**
	 * What committed writes touched since the last call: their versions, or `'all'` after a wipe or
	 * more than the limit, when copies kept elsewhere must read everything again.
	 */
	takeTouched(): VersionKey[] | 'all' {
		const taken = this.touched.list();
		this.touched = new Touched(this.limit);
		return taken;
	}

	close(): Promise<void> {
		return this.inner.close();
	}
}
