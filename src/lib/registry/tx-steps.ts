/** Steps that several mutations take inside their transaction. */
import type { StoreTx } from './store';
import { keptInProduction, type PromotionEvidence } from './summary';
import { fileHashes } from './artifact';
import type { ArtifactFile, ModelStage, ModelVersion } from './types';

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

/** Deletes the bytes of each of these files that no version references any more. */
export async function dropFilesIfUnused(
	tx: StoreTx,
	files: readonly ArtifactFile[] | undefined
): Promise<void> {
	for (const sha256 of fileHashes(files)) {
		if ((await tx.countArtifactRefs(sha256)) === 0 && (await tx.hasArtifact(sha256))) {
			await tx.deleteArtifact(sha256);
		}
	}
}

/** Stores the bytes of each file that storage does not hold yet; shared contents are kept once. */
export async function storeFiles(tx: StoreTx, blobs: ReadonlyMap<string, Blob>): Promise<void> {
	for (const [sha256, blob] of blobs) {
		if (!(await tx.hasArtifact(sha256))) await tx.putArtifact(sha256, blob);
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
