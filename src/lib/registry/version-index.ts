/**
 * Every version in memory, in the store's search order (model name, then SemVer precedence), kept
 * up to date one change at a time so that a search never has to read the whole store again.
 */
import { searchIn } from './search';
import { semverKey } from './semver';
import type { ModelVersion, SearchFilter } from './types';

/** Model names cannot contain U+0000, so this key orders exactly as (modelName, semverKey) does. */
const orderKey = (model: string, version: string) => `${model}\u0000${semverKey(version)}`;

export class VersionIndex {
	private readonly keys: string[];
	private readonly versions: ModelVersion[];

	/** `versions` must already be in search order, as `ModelRegistry.allVersions()` returns them. */
	constructor(versions: ModelVersion[]) {
		this.versions = versions;
		this.keys = versions.map((v) => orderKey(v.modelName, v.version));
	}

	get size(): number {
		return this.versions.length;
	}

	/** Adds the version, or replaces the one with the same model and version. */
	put(version: ModelVersion): void {
		const key = orderKey(version.modelName, version.version);
		const at = this.position(key);
		if (this.keys[at] === key) this.versions[at] = version;
		else {
			this.keys.splice(at, 0, key);
			this.versions.splice(at, 0, version);
		}
	}

	remove(model: string, version: string): void {
		const key = orderKey(model, version);
		const at = this.position(key);
		if (this.keys[at] !== key) return;
		this.keys.splice(at, 1);
		this.versions.splice(at, 1);
	}

	search(filter: SearchFilter, range: { offset: number; limit: number }) {
		return searchIn(this.versions, filter, range);
	}

	/** The first position whose key is not below `key`. */
	private position(key: string): number {
		let low = 0;
		let high = this.keys.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if ((this.keys[mid] as string) < key) low = mid + 1;
			else high = mid;
		}
		return low;
	}
}
