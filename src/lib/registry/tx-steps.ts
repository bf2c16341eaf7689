/** Steps that several mutations take inside their transaction. */
import type { StoreTx } from './store';
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
