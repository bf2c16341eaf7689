/**
 * Opening a bundle file: what kind of file it is, the zip's entries (refusing any that no bundle
 * has), and the manifest's JSON, read under a size cap that holds even when the zip lies about it.
 */
import { RegistryError } from '../registry';
import { bundleInvalid } from './errors';
import { ARTIFACT_PREFIX, MANIFEST_NAME, MAX_BUNDLE_ENTRIES, MAX_MANIFEST_BYTES } from './format';
import { BlobReader, BlobWriter, ZipReader, type FileEntry } from './zip';

export interface OpenedZip {
	manifest: unknown;
	/** sha256 → its entry */
	artifacts: Map<string, FileEntry>;
}

export interface ReadLimits {
	maxEntries?: number;
	maxManifestBytes?: number;
}

const ZIP_MAGIC = [0x50, 0x4b];
const LOCAL_HEADER_BYTES = 30;
const STORED = 0;
const SHA256_NAME = /^[0-9a-f]{64}$/;
const MIB = 1024 * 1024;

export type FileKind = 'zip' | 'json' | 'unknown';

/** By content, not by name: the first bytes tell a zip from JSON. */
export async function sniff(file: Blob): Promise<FileKind> {
	const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
	if (head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1]) return 'zip';
	const text = new TextDecoder()
		.decode(head)
		.replace(/^\uFEFF/, '')
		.trimStart();
	return text.startsWith('{') || text.startsWith('[') ? 'json' : 'unknown';
}

function describeName(name: string): string {
	return JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);
}

/** Only `manifest.json` and `artifacts/<sha256>`; a path that could escape a folder is named as such. */
function classify(name: string): 'manifest' | 'artifact' | never {
	if (name === MANIFEST_NAME) return 'manifest';
	if (name.startsWith(ARTIFACT_PREFIX) && SHA256_NAME.test(name.slice(ARTIFACT_PREFIX.length)))
		return 'artifact';
	if (name.includes('..') || name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) {
		throw bundleInvalid(
			`The bundle holds an entry with an unsafe path, ${describeName(name)}; bundles never do.`
		);
	}
	throw bundleInvalid(
		`The bundle holds ${describeName(name)}, which is not part of the format (only manifest.json and artifacts/<sha256>).`
	);
}

/** Reads text up to `maxBytes`, stopping as soon as the data passes it, whatever the zip declared. */
async function readCapped(entry: FileEntry, maxBytes: number): Promise<string> {
	const chunks: Uint8Array[] = [];
	let total = 0;
	const tooLarge = () =>
		bundleInvalid(`manifest.json is larger than ${maxBytes / MIB} MiB, the most a bundle's manifest may be.`);
	const sink = new WritableStream<Uint8Array>({
		write(chunk) {
			total += chunk.byteLength;
			if (total > maxBytes) throw tooLarge();
			chunks.push(chunk);
		}
	});
	try {
		await entry.getData(sink);
	} catch (error) {
		if (total > maxBytes) throw tooLarge();
		throw bundleInvalid(`manifest.json could not be read from the zip (${(error as Error).message}).`);
	}
	const bytes = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw bundleInvalid('manifest.json is not valid UTF-8 text.');
	}
}

export function parseJson(text: string, what: string): unknown {
	try {
		return JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw bundleInvalid(`${what} is not valid JSON: ${(error as Error).message}`);
	}
}

export async function openZip(file: Blob, limits: ReadLimits = {}): Promise<OpenedZip> {
	const maxEntries = limits.maxEntries ?? MAX_BUNDLE_ENTRIES;
	const maxManifestBytes = limits.maxManifestBytes ?? MAX_MANIFEST_BYTES;
	// Tolerant: our own check below refuses unsafe names and says which entry it was.
	const reader = new ZipReader(new BlobReader(file), { filenameValidation: 'tolerant' });
	let manifestEntry: FileEntry | undefined;
	const artifacts = new Map<string, FileEntry>();
	let count = 0;
	try {
		for await (const entry of reader.getEntriesGenerator()) {
			if (++count > maxEntries) {
				throw bundleInvalid(
					`The bundle has more than ${maxEntries.toLocaleString('en')} entries; no real bundle has that many.`
				);
			}
			if (entry.directory)
				throw bundleInvalid(
					`The bundle holds a folder entry, ${describeName(entry.filename)}; bundles hold only files.`
				);
			if (entry.encrypted)
				throw bundleInvalid(`${describeName(entry.filename)} is encrypted; bundles are not.`);
			const kind = classify(entry.filename);
			if (kind === 'manifest') {
				if (manifestEntry) throw bundleInvalid('The bundle holds manifest.json twice.');
				manifestEntry = entry;
			} else {
				const sha256 = entry.filename.slice(ARTIFACT_PREFIX.length);
				if (artifacts.has(sha256))
					throw bundleInvalid(`The bundle holds ${describeName(entry.filename)} twice.`);
				artifacts.set(sha256, entry);
			}
		}
	} catch (error) {
		if (error instanceof RegistryError) throw error;
		throw bundleInvalid(
			`This file is not a readable zip, so not a bundle (it may be truncated or damaged): ${(error as Error).message}`
		);
	}
	if (!manifestEntry) throw bundleInvalid('The bundle has no manifest.json, so it is not a registry bundle.');
	if (manifestEntry.uncompressedSize > maxManifestBytes) {
		throw bundleInvalid(
			`manifest.json is ${(manifestEntry.uncompressedSize / MIB).toFixed(0)} MiB; the most a bundle's manifest may be is ${maxManifestBytes / MIB} MiB.`
		);
	}
	return {
		manifest: parseJson(await readCapped(manifestEntry, maxManifestBytes), 'manifest.json'),
		artifacts
	};
}

/**
 * An artifact's bytes as a Blob. A stored (uncompressed) entry is a slice of the file itself —
 * no copy, whatever its size; a compressed one is inflated.
 */
export async function artifactBlob(file: Blob, entry: FileEntry): Promise<Blob> {
	if (entry.compressionMethod !== STORED) {
		try {
			return await entry.getData(new BlobWriter());
		} catch (error) {
			throw bundleInvalid(
				`The zip entry ${describeName(entry.filename)} is damaged: ${(error as Error).message}`
			);
		}
	}
	const header = new DataView(
		await file.slice(entry.offset, entry.offset + LOCAL_HEADER_BYTES).arrayBuffer()
	);
	if (header.byteLength < LOCAL_HEADER_BYTES || header.getUint32(0, true) !== 0x04034b50) {
		throw bundleInvalid(`The zip entry ${describeName(entry.filename)} is damaged (its header is missing).`);
	}
	const start = entry.offset + LOCAL_HEADER_BYTES + header.getUint16(26, true) + header.getUint16(28, true);
	if (start + entry.compressedSize > file.size) {
		throw bundleInvalid(
			`The zip entry ${describeName(entry.filename)} runs past the end of the file; it is truncated.`
		);
	}
	return file.slice(start, start + entry.compressedSize);
}
