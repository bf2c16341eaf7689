/**
 * A bundle file, opened: its kind, and for a zip its entries, checked by name and flags. Nothing of
 * its manifest is read here; `bundleParts` reads it, afresh on each pass.
 */
import { bundleInvalid } from './errors';
import type { ManifestHeader } from './format';
import { openZip, sniff, type ReadLimits } from './read';
import type { FileEntry } from './zip';

export interface OpenedBundle {
	file: Blob;
	kind: 'zip' | 'json';
	/** sha256 → its zip entry; empty for a JSON file */
	entries: Map<string, FileEntry>;
	/** The zip's manifest entry, read afresh by each pass; none for a JSON file. */
	manifestEntry?: FileEntry;
	/** The bounds every pass reads under. */
	limits: ReadLimits;
	/** The time the bundle was opened: a manifest's default time, the same for every pass. */
	now: () => Date;
	/** Set once the manifest's header (or whole JSON manifest) has been read by a pass over bundleParts. */
	header?: ManifestHeader;
	/** sha256 → "model:version (path)" of the first version naming it, filled as bundleParts passes; for verifiedArtifacts' messages. */
	owners: Map<string, string>;
}

/**
 * Opens the file: decides its kind by its first bytes and, for a zip, reads the central directory,
 * refusing any entry no bundle has (see `openZip`). It reads no record of the manifest.
 */
export async function openBundle(
	file: Blob,
	limits: ReadLimits = {},
	now = () => new Date()
): Promise<OpenedBundle> {
	const kind = await sniff(file);
	if (kind === 'unknown') {
		throw bundleInvalid('This file is not a registry bundle: it is neither a zip file nor JSON.');
	}
	const openedAt = now();
	const bundle = { file, kind, limits, now: () => openedAt, owners: new Map<string, string>() };
	if (kind === 'json') return { ...bundle, entries: new Map() };
	const { manifest, artifacts } = await openZip(file, limits);
	return { ...bundle, entries: artifacts, manifestEntry: manifest };
}
