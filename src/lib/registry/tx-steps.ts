/** Steps that several mutations take inside their transaction. */
import type { StoreTx } from './store';
import { keptInProduction, type PromotionEvidence } from './summary';
import { fileHashes, type PreparedFiles } from './artifact';
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

/**
 * Stores the bytes of each file that storage does not hold yet; shared contents are kept once. Bytes
 * stored while hashing are adopted, not written again; every upload not adopted (its content was
 * here already, or it repeats another file of the folder) is removed in the same transaction.
 */
export async function storeFiles(
	tx: StoreTx,
	{ blobs, uploads }: Pick<PreparedFiles, 'blobs' | 'uploads'>
): Promise<void> {
	const adopted = new Set<string>();
	for (const [sha256, blob] of blobs) {
		if (await tx.hasArtifact(sha256)) continue;
		const upload = uploads.find((candidate) => candidate.sha256 === sha256);
		if (upload && (await tx.adoptUpload(upload.id, sha256))) adopted.add(upload.id);
		// No upload (a small file), or a repair in another tab removed it: the bytes are still in hand.
		else await tx.putArtifact(sha256, blob);
	}
	for (const { id } of uploads) if (!adopted.has(id)) await tx.deleteUpload(id);
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
