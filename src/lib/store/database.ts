import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ModelVersion, RegisteredModel, RegistryEvent } from '../registry';

/** A version as stored: the domain record plus the key that pages it in SemVer order. */
export interface StoredVersion extends ModelVersion {
	semverKey: string;
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
	}
}
