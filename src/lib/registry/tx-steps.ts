/** Steps that several mutations take inside their transaction. */
import type { StoreTx } from './store';
import { keptInProduction, type PromotionEvidence } from './summary';
import type { ArtifactInfo, ModelStage, ModelVersion } from './types';

/** Moves a version to a stage and records it; the caller keeps the model's summary in step. */
export async function changeStage(
	tx: StoreTx,
	version: ModelVersion,
	stage: ModelStage,
	at: string,
	reason: Record<string, string> = {}
): Promise<ModelVersion> {
	const updated = { ...version, stage, updatedAt: at };
	await tx.putVersion(updated);
	await tx.appendEvent({
		at,
		kind: 'version.stage_changed',
		model: version.modelName,
		version: version.version,
		before: { stage: version.stage },
		after: { stage, ...reason }
	});
	return updated;
}

/** Deletes an artifact's bytes once no version references them. */
export async function dropArtifactIfUnused(tx: StoreTx, artifact: ArtifactInfo | undefined): Promise<void> {
	if (
		artifact &&
		(await tx.countArtifactRefs(artifact.sha256)) === 0 &&
		(await tx.hasArtifact(artifact.sha256))
	) {
		await tx.deleteArtifact(artifact.sha256);
	}
}

/**
 * Leaves one of `claimants` in production, chosen by `keptInProduction`, and archives the others,
 * each with the reason in its history (`{ [reason]: kept version }`). Returns the kept version and
 * the archived ones as they are now; the caller keeps the model's summary in step.
 */
export async function settleProduction(
	tx: StoreTx,
	claimants: readonly ModelVersion[],
	evidence: PromotionEvidence,
	at: string,
	reason: 'replacedBy' | 'keptInProduction'
): Promise<{ kept: ModelVersion | undefined; archived: ModelVersion[] }> {
	const kept = keptInProduction(claimants, evidence);
	const archived: ModelVersion[] = [];
	for (const version of claimants) {
		if (version === kept) continue;
		archived.push(await changeStage(tx, version, 'archived', at, { [reason]: kept!.version }));
	}
	return { kept, archived };
}
