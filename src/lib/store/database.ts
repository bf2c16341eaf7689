import { Dexie, type EntityTable, type Table } from 'dexie';
import {
	safeFileName,
	type ArtifactFile,
	type ModelVersion,
	type RegisteredModel,
	type RegistryEvent
} from '../registry';

/**
 * A version as stored: the domain record plus the keys its indexes need: the one that pages it in
 * SemVer order, and the distinct SHA-256 of its files, which counts the versions holding each content.
 */
export interface StoredVersion extends ModelVersion {
	semverKey: string;
	fileHashes: string[];
}

/** How schema version 1 kept a version's one file. */
interface VersionOneArtifact {
	sha256: string;
	size: number;
	mediaType: string;
	filename: string;
}

/** A version-1 row as schema version 2 keeps it: its one file becomes a folder of one, named as the file was. */
export function upgradeVersionRow(row: StoredVersion & { artifact?: VersionOneArtifact }): void {
	const artifact = row.artifact;
	delete row.artifact;
	if (artifact) {
		const file: ArtifactFile = {
			// Version 1 kept names that are not paths of one name now (a drive letter, a control character).
			path: safeFileName(artifact.filename, 'artifact'),
			sha256: artifact.sha256,
			size: artifact.size,
			mediaType: artifact.mediaType
		};
		row.files = [file];
	}
	row.fileHashes = artifact ? [artifact.sha256] : [];
}

export interface StoredArtifact {
	sha256: string;
	blob: Blob;
}

export const DEFAULT_DATABASE_NAME = 'model-registry';

/**
 * The IndexedDB schema. Each change is a new `version(n)` with an upgrade function, tested from a
 * database written by version n-1; never edit a version that has shipped.
 */
export class RegistryDatabase extends Dexie {
	models!: EntityTable<RegisteredModel, 'name'>;
	versions!: Table<StoredVersion, [string, string]>;
	artifacts!: EntityTable<StoredArtifact, 'sha256'>;
	events!: EntityTable<RegistryEvent, 'id'>;

	constructor(name: string) {
		super(name);
		this.version(1).stores({
			models: 'name, createdAt, updatedAt',
			// Compound indexes page one model's versions in SemVer or creation order, find its production
			// version, and count the references to an artifact, without reading other rows.
			versions:
				'[modelName+version], [modelName+semverKey], [modelName+createdAt], [modelName+stage], artifact.sha256',
			// The blob is the only field and is never indexed.
			artifacts: 'sha256',
			events: '++id, model, [model+version]'
		});
		// A version's artifact is a folder of files: the one-file `artifact` becomes `files`, and a
		// multi-entry index over each version's distinct file hashes replaces the one on `artifact.sha256`.
		this.version(2)
			.stores({
				versions:
					'[modelName+version], [modelName+semverKey], [modelName+createdAt], [modelName+stage], *fileHashes'
			})
			.upgrade((tx) => tx.table<StoredVersion>('versions').toCollection().modify(upgradeVersionRow));
	}
}
