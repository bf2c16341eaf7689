/**
 * The manifest against the zip's entries, a version at a time as the manifest is read: every file a
 * version names is an entry of the declared size, and (once every version is read) every artifact
 * entry is named by some version. What it keeps is bounded by the zip's entries, not the versions:
 * the SHA-256s named so far (each one an entry, or the check has already failed), and the first
 * version naming each, for `verifiedArtifacts`' messages.
 */
import type { ArtifactFile } from '../registry';
import { bundleInvalid } from './errors';
import { ARTIFACT_PREFIX } from './format';
import type { FileEntry } from './zip';

export class EntryChecks {
	private readonly referenced = new Set<string>();

	constructor(
		/** sha256 → its entry; empty for a JSON file. */
		private readonly entries: Map<string, FileEntry>,
		private readonly kind: 'zip' | 'json',
		/** sha256 → "model:version (path)" of the first version naming it, filled as versions are checked. */
		private readonly owners: Map<string, string>
	) {}

	/** A version's files, as its manifest record lists them. */
	version(fullName: string, files: readonly ArtifactFile[] | undefined): void {
		for (const { path, sha256, size } of files ?? []) {
			const entry = this.entries.get(sha256);
			if (!entry && this.kind === 'json') {
				throw bundleInvalid(
					`${fullName} has files, but a .json file cannot carry them; export a .zip bundle instead.`
				);
			}
			if (!entry) {
				throw bundleInvalid(
					`The file ${path} of ${fullName} is missing from the bundle (${ARTIFACT_PREFIX}${sha256}).`
				);
			}
			if (entry.uncompressedSize !== size) {
				throw bundleInvalid(
					`The file ${path} of ${fullName} is declared as ${size} bytes, but the bundle holds ${entry.uncompressedSize} bytes.`
				);
			}
			this.referenced.add(sha256);
			if (!this.owners.has(sha256)) this.owners.set(sha256, `${fullName} (${path})`);
		}
	}

	/** Every version is checked: an artifact none of them named is refused. */
	finish(): void {
		for (const sha256 of this.entries.keys()) {
			if (!this.referenced.has(sha256)) {
				throw bundleInvalid(`The bundle holds ${ARTIFACT_PREFIX}${sha256}, which no version refers to.`);
			}
		}
	}
}
