/**
 * Several writes as one store transaction (`ModelRegistry.writeBatch`): every one commits, or — on
 * any error, a cancel included — none does. Each write checks its input as the single call does;
 * registrations come prepared (validated, artifact hashed), since a transaction cannot wait on hashing.
 */
import { registerIn, transitionIn } from './lifecycle';
import { setAliasIn, updateModelIn } from './edits';
import type { StoreTx } from './store';
import type { PreparedFiles } from './artifact';
import type { ModelPatch, ModelStage, ModelVersion, RegisteredModel } from './types';
import {
	checkAlias,
	checkModelName,
	checkPatch,
	checkStage,
	checkVersion,
	type ValidRegistration
} from './validate';

/** A registration checked and its files hashed, ready to be written inside a transaction. */
export interface PreparedRegistration {
	valid: ValidRegistration;
	prepared: PreparedFiles;
}

export interface RegistryBatch {
	getModel(name: string): Promise<RegisteredModel | undefined>;
	register(prepared: PreparedRegistration): Promise<ModelVersion>;
	transitionStage(name: string, version: string, stage: ModelStage): Promise<ModelVersion>;
	updateModel(name: string, patch: ModelPatch): Promise<RegisteredModel>;
	setAlias(name: string, alias: string, version: string): Promise<ModelVersion>;
}

export function batchIn(tx: StoreTx, clock: () => string): RegistryBatch {
	return {
		getModel: (name) => tx.getModel(name),
		register: (prepared) => registerIn(tx, prepared.valid, prepared.prepared, clock),
		transitionStage: (name, version, stage) =>
			transitionIn(tx, checkModelName(name), checkVersion(version), checkStage(stage), clock),
		updateModel: (name, patch) => updateModelIn(tx, checkModelName(name), checkPatch(patch), clock),
		setAlias: (name, alias, version) =>
			setAliasIn(tx, checkModelName(name), checkAlias(alias), checkVersion(version), clock)
	};
}
