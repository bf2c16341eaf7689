/**
 * Importing a bundle: open → envelope and format version → validate → plan (a dry run the user
 * sees) → verify every artifact's size and SHA-256 → apply in one transaction. Nothing is written
 * before the last step, and the last step is all or nothing.
 */
import { sha256Hex } from '../registry/artifact';
import { isRegistryEventKind, type ModelSnapshot, type ModelVersion, type WriteOptions } from '../registry';
import { bundleInvalid, JSON_MANIFEST_SOURCE, type ManifestSource } from './errors';
import { ARTIFACT_PREFIX, type BundleEvent, type BundleManifest } from './format';
import { manifestFromRecords } from './legacy';
import { artifactBlob, openZip, parseJson, sniff, type ReadLimits } from './read';
import { validateManifest } from './validate';
import type { FileEntry } from './zip';

export interface OpenedBundle {
	manifest: BundleManifest;
	snapshots: ModelSnapshot[];
	/** sha256 → where its bytes are; empty for a JSON file */
	entries: Map<string, FileEntry>;
	file: Blob;
}

/** The models of a manifest as registry snapshots. */
export function toSnapshots(manifest: BundleManifest): ModelSnapshot[] {
	return manifest.models.map(({ versions, history, ...model }) => ({
		model,
		versions: versions.map((v): ModelVersion => ({
			modelName: model.name,
			fullName: `${model.name}:${v.version}`,
			...v
		})),
		history: history.map(fromBundleEvent)
	}));
}

/**
 * An event with a kind the registry does not record itself (another tool's, or a newer app's) is
 * kept as an `external` event with its kind beside it, so the history's kinds stay a closed set and
 * an export gives the event back as it came.
 */
function fromBundleEvent({ kind, ...event }: BundleEvent): ModelSnapshot['history'][number] {
	return kind !== 'external' && isRegistryEventKind(kind)
		? { ...event, kind }
		: { ...event, kind: 'external', externalKind: kind };
}

export async function openBundle(
	file: Blob,
	limits: ReadLimits = {},
	now = () => new Date()
): Promise<OpenedBundle> {
	const kind = await sniff(file);
	if (kind === 'unknown') {
		throw bundleInvalid('This file is not a registry bundle: it is neither a zip file nor JSON.');
	}
	let raw: unknown;
	let source: ManifestSource = JSON_MANIFEST_SOURCE;
	let entries = new Map<string, FileEntry>();
	if (kind === 'zip') {
		({ manifest: raw, source, artifacts: entries } = await openZip(file, limits));
	} else {
		// A bare manifest.json (no artifacts), or the reference registry's list of to_dict() records.
		const json = parseJson(await file.text(), 'The file');
		raw = Array.isArray(json) ? manifestFromRecords(json, now()) : json;
	}
	const manifest = validateManifest(raw, now, source);
	const snapshots = toSnapshots(manifest);
	checkEntries(snapshots, entries, kind);
	return { manifest, snapshots, entries, file };
}

/** Every file a version names is in the zip with the declared size, and nothing else is. */
function checkEntries(
	snapshots: ModelSnapshot[],
	entries: Map<string, FileEntry>,
	kind: 'zip' | 'json'
): void {
	const referenced = new Set<string>();
	for (const { versions } of snapshots) {
		for (const version of versions) {
			for (const { path, sha256, size } of version.files ?? []) {
				referenced.add(sha256);
				const entry = entries.get(sha256);
				if (!entry && kind === 'json') {
					throw bundleInvalid(
						`${version.fullName} has files, but a .json file cannot carry them; export a .zip bundle instead.`
					);
				}
				if (!entry) {
					throw bundleInvalid(
						`The file ${path} of ${version.fullName} is missing from the bundle (${ARTIFACT_PREFIX}${sha256}).`
					);
				}
				if (entry.uncompressedSize !== size) {
					throw bundleInvalid(
						`The file ${path} of ${version.fullName} is declared as ${size} bytes, but the bundle holds ${entry.uncompressedSize} bytes.`
					);
				}
			}
		}
	}
	for (const sha256 of entries.keys()) {
		if (!referenced.has(sha256)) {
			throw bundleInvalid(`The bundle holds ${ARTIFACT_PREFIX}${sha256}, which no version refers to.`);
		}
	}
}

/** The bytes of every artifact, each checked against its size and SHA-256 before anything is stored. */
export async function verifiedArtifacts(
	bundle: OpenedBundle,
	options: WriteOptions = {}
): Promise<Map<string, Blob>> {
	const owners = new Map<string, string>();
	for (const { versions } of bundle.snapshots) {
		for (const v of versions) {
			for (const file of v.files ?? [])
				if (!owners.has(file.sha256)) owners.set(file.sha256, `${v.fullName} (${file.path})`);
		}
	}
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
		const owner = owners.get(sha256) ?? sha256;
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
