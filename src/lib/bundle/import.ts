/**
 * Importing a bundle: open (the kind of file, the zip's entries) → pass over its models as validated
 * parts (`bundleParts`: a preview plans from one pass, the apply imports from another) → verify every
 * artifact's size and SHA-256 → apply in one transaction. Nothing is written before the last step,
 * and the last step is all or nothing.
 */
import { sha256Hex } from '../registry/artifact';
import type { WriteOptions } from '../registry';
import { bundleInvalid } from './errors';
import type { OpenedBundle } from './opened';
import { artifactBlob } from './read';

export { openBundle, type OpenedBundle } from './opened';
export { bundleParts, type PassOptions } from './bundle-parts';
export { collectSnapshots } from '../registry/parts';

/** The bytes of every artifact, each checked against its size and SHA-256 before anything is stored. */
export async function verifiedArtifacts(
	bundle: OpenedBundle,
	options: WriteOptions = {}
): Promise<Map<string, Blob>> {
	const total = [...bundle.entries.values()].reduce((sum, entry) => sum + entry.uncompressedSize, 0);
	let before = 0;
	const verified = new Map<string, Blob>();
	options.onProgress?.(0, total);
	for (const [sha256, entry] of bundle.entries) {
		const blob = await artifactBlob(bundle.file, entry);
		const actual = await sha256Hex(blob, {
			signal: options.signal,
			onProgress: (done) => options.onProgress?.(before + done, total)
		});
		// Named by the first version that lists it, once a pass has read the manifest.
		const owner = bundle.owners.get(sha256) ?? entry.filename;
		if (blob.size !== entry.uncompressedSize) {
			throw bundleInvalid(
				`The artifact for ${owner} holds ${blob.size} bytes, not the ${entry.uncompressedSize} it declares.`
			);
		}
		if (actual !== sha256)
			throw bundleInvalid(`The artifact for ${owner} does not match its SHA-256; the bundle is damaged.`);
		verified.set(sha256, blob);
		before += entry.uncompressedSize;
	}
	return verified;
}
