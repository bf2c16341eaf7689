import { filesOf, prepareFiles } from './artifact';
import { batchIn, type PreparedRegistration, type RegistryBatch } from './batch';
import {
	checkStageTarget,
	checkTagChange,
	checkVersionList,
	deleteVersionsIn,
	tagVersionsIn,
	transitionStagesIn
} from './bulk';
import { RegistryError } from './errors';
import { deleteModelIn, deleteVersionIn, registerIn, transitionIn } from './lifecycle';
import {
	removeAliasIn,
	setAliasIn,
	setMetricDirectionEverywhereIn,
	setMetricDirectionIn,
	updateModelIn,
	updateVersionIn
} from './edits';
import type { MetricDirection } from './direction';
import { RegistryReader } from './reader';
import { repairIn } from './repair';
import { discardUploads, hashWhileStoring } from './upload';
import { applySnapshots } from './import-apply';
import type { ImportOptions, ImportResult, SnapshotParts } from './transfer';
import type {
	ModelPatch,
	ModelStage,
	ModelVersion,
	RegisteredModel,
	RegisterInput,
	VersionPatch,
	VersionTagChange,
	WriteOptions
} from './types';
import {
	checkAlias,
	checkDirection,
	checkKey,
	checkModelName,
	checkPatch,
	checkRegistration,
	checkStage,
	checkVersion,
	MAX_METRIC_KEY_CHARS
} from './validate';

export type { RegistryOptions } from './reader';

/**
 * The model registry: the reads of `RegistryReader` and every write. Each write is one store
 * transaction that makes its own checks, so invariants (one production version per model, no
 * duplicate versions, artifacts kept while referenced) hold however calls interleave, across tabs
 * too. Input is validated here, once, before any transaction opens; the transactions themselves
 * live in lifecycle.ts, edits.ts, transfer.ts and repair.ts.
 */
export class ModelRegistry extends RegistryReader {
	/** A timestamp, read when a write knows it changes something: a no-op leaves the clock alone. */
	private readonly clock = () => this.now().toISOString();

	/**
	 * Large files are stored while they are hashed (`upload.ts`); the transaction adopts their bytes. If
	 * it fails (a duplicate version, storage full), the uploads are removed: nothing is left behind.
	 */
	async register(input: RegisterInput, options: WriteOptions = {}): Promise<ModelVersion> {
		const valid = checkRegistration(input);
		const prepared = await hashWhileStoring(this.store, filesOf(input), this.clock, options);
		try {
			if (options.signal?.aborted) throw new RegistryError('CANCELLED', 'The registration was cancelled.');
			return await this.store.write((tx) => registerIn(tx, valid, prepared, this.clock));
		} catch (error) {
			await discardUploads(this.store, prepared.uploads);
			throw error;
		}
	}

	/** Checks a registration and hashes its files: what `register`, alone or in a batch, writes. */
	async prepareRegistration(input: RegisterInput, options: WriteOptions = {}): Promise<PreparedRegistration> {
		const valid = checkRegistration(input);
		// Hash before the transaction: IndexedDB commits a transaction that awaits anything else.
		const prepared = await prepareFiles(filesOf(input), options);
		if (options.signal?.aborted) throw new RegistryError('CANCELLED', 'The registration was cancelled.');
		return { valid, prepared };
	}

	/**
	 * Several writes in one transaction: all of them, or (when `work` throws — a cancel included)
	 * none. Inside `work`, await only the batch's own calls (the transaction's rule).
	 */
	async writeBatch<T>(work: (batch: RegistryBatch) => Promise<T>): Promise<T> {
		return this.store.write((tx) => work(batchIn(tx, this.clock)));
	}

	/** Moving a version to production archives the one that was there, in the same transaction. */
	async transitionStage(name: string, version: string, stage: ModelStage): Promise<ModelVersion> {
		checkModelName(name);
		checkVersion(version);
		checkStage(stage);
		return this.store.write((tx) => transitionIn(tx, name, version, stage, this.clock));
	}

	/** Removes a version, its aliases, and its artifact when no other version references those bytes. */
	async deleteVersion(name: string, version: string): Promise<boolean> {
		checkModelName(name);
		checkVersion(version);
		return this.store.write((tx) => deleteVersionIn(tx, name, version, this.clock));
	}

	/**
	 * Moves several versions of a model to `stage` in one transaction: all of them or, if any is
	 * missing, none. Only one can move to production (a model has at most one there); promoting it
	 * archives the one in production, as `transitionStage` does.
	 */
	async transitionStages(name: string, versions: string[], stage: ModelStage): Promise<ModelVersion[]> {
		checkModelName(name);
		const valid = checkVersionList(versions);
		checkStage(stage);
		checkStageTarget(valid, stage);
		return this.store.write((tx) => transitionStagesIn(tx, name, valid, stage, this.clock));
	}

	/** Adds (or changes) and removes tags on several versions of a model in one transaction: all or none. */
	async tagVersions(name: string, versions: string[], change: VersionTagChange): Promise<ModelVersion[]> {
		checkModelName(name);
		const valid = checkVersionList(versions);
		const tags = checkTagChange(change);
		return this.store.write((tx) => tagVersionsIn(tx, name, valid, tags, this.clock));
	}

	/** Deletes several versions of a model in one transaction, each as `deleteVersion` does: all or none. */
	async deleteVersions(name: string, versions: string[]): Promise<number> {
		checkModelName(name);
		const valid = checkVersionList(versions);
		return this.store.write((tx) => deleteVersionsIn(tx, name, valid, this.clock));
	}

	/** Removes a model with all its versions, aliases and unshared artifacts. Its history is kept. */
	async deleteModel(name: string): Promise<boolean> {
		checkModelName(name);
		return this.store.write((tx) => deleteModelIn(tx, name, this.clock));
	}

	async updateModel(name: string, patch: ModelPatch): Promise<RegisteredModel> {
		checkModelName(name);
		const valid = checkPatch(patch);
		return this.store.write((tx) => updateModelIn(tx, name, valid, this.clock));
	}

	async updateVersion(name: string, version: string, patch: VersionPatch): Promise<ModelVersion> {
		checkModelName(name);
		checkVersion(version);
		const valid = checkPatch(patch);
		return this.store.write((tx) => updateVersionIn(tx, name, version, valid, this.clock));
	}

	/** Points an alias at a version; an alias names one version at a time, so it moves. */
	async setAlias(name: string, alias: string, version: string): Promise<ModelVersion> {
		checkModelName(name);
		checkAlias(alias);
		checkVersion(version);
		return this.store.write((tx) => setAliasIn(tx, name, alias, version, this.clock));
	}

	/** Which way `metric` is better for this model, against the name's default (`registry/direction.ts`). */
	async setMetricDirection(
		name: string,
		metric: string,
		direction: MetricDirection
	): Promise<RegisteredModel> {
		checkModelName(name);
		checkKey('metric', metric, MAX_METRIC_KEY_CHARS);
		checkDirection(direction);
		return this.store.write((tx) => setMetricDirectionIn(tx, name, metric, direction, this.clock));
	}

	/** Which way `metric` is better, for every model that has it; returns the models that changed. */
	async setMetricDirectionEverywhere(metric: string, direction: MetricDirection): Promise<string[]> {
		checkKey('metric', metric, MAX_METRIC_KEY_CHARS);
		checkDirection(direction);
		return this.store.write((tx) => setMetricDirectionEverywhereIn(tx, metric, direction, this.clock));
	}

	async removeAlias(name: string, alias: string): Promise<boolean> {
		checkModelName(name);
		checkAlias(alias);
		return this.store.write((tx) => removeAliasIn(tx, name, alias, this.clock));
	}

	/**
	 * Imports snapshots in one transaction: all of it, or (on any error) none of it. A stream of parts
	 * (a bundle read as it is imported) is read inside that transaction, a part at a time. Versions that
	 * exist with other content follow `policy`. Artifacts must be verified by the caller and given
	 * by SHA-256. A model keeps one production version, by the rule every promotion follows
	 * (`keptInProduction`): a version the import brings in production is the newest promotion.
	 */
	async importSnapshots(snapshots: SnapshotParts, options: ImportOptions): Promise<ImportResult> {
		return this.store.write((tx) => applySnapshots(tx, snapshots, options, this.clock()));
	}

	/**
	 * Removes every model, version, artifact and event, in one transaction rather than by deleting
	 * the database: other tabs keep their connections and see the empty registry.
	 */
	async wipe(): Promise<void> {
		return this.store.write((tx) => tx.clear());
	}

	/** Fixes, in one transaction, every problem `verify` calls repairable; says what it did. */
	async repair(): Promise<string[]> {
		return this.store.write((tx) => repairIn(tx, this.clock()));
	}
}
