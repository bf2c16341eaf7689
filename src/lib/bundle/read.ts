/**
 * Opening a bundle file: what kind of file it is, and the zip's entries (refusing any that no bundle
 * has); then reading its manifest — `manifest.jsonl` pulled chunk by chunk as its lines are consumed
 * (`inflatedChunks`), or `manifest.json` (formats 1 and 2) read whole under a size cap that holds even
 * when the zip lies about the size.
 */
import { RegistryError } from '../registry';
import type { LineLimits } from './line-structure';
import { bundleInvalid, inWords } from './errors';
import { ARTIFACT_PREFIX, JSON_MANIFEST_NAME, LINES_MANIFEST_NAME, MAX_BUNDLE_ENTRIES } from './format';
import { BlobReader, BlobWriter, ZipReader, type FileEntry } from './zip';

export interface OpenedZip {
	/** `manifest.jsonl` or `manifest.json`, unread. */
	manifest: FileEntry;
	/** sha256 → its entry */
	artifacts: Map<string, FileEntry>;
}

/** The bounds of `format.ts`; a test gives lower ones to reach them cheaply. */
export interface ReadLimits extends LineLimits {
	maxEntries?: number;
	/** `manifest.json`, whole. */
	maxManifestBytes?: number;
	/** Each line of `manifest.jsonl`. */
	maxLineBytes?: number;
}

const ZIP_MAGIC = [0x50, 0x4b];
const LOCAL_HEADER_BYTES = 30;
const STORED = 0;
const SHA256_NAME = /^[0-9a-f]{64}$/;

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

const ALLOWED = `only ${LINES_MANIFEST_NAME} or ${JSON_MANIFEST_NAME}, and artifacts/<sha256>`;

/** Only a manifest and `artifacts/<sha256>`; a path that could escape a folder is named as such. */
function classify(name: string): 'manifest' | 'artifact' | never {
	if (name === LINES_MANIFEST_NAME || name === JSON_MANIFEST_NAME) return 'manifest';
	if (name.startsWith(ARTIFACT_PREFIX) && SHA256_NAME.test(name.slice(ARTIFACT_PREFIX.length)))
		return 'artifact';
	if (name.includes('..') || name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) {
		throw bundleInvalid(
			`The bundle holds an entry with an unsafe path, ${describeName(name)}; bundles never do.`
		);
	}
	throw bundleInvalid(
		`The bundle holds ${describeName(name)}, which is not part of the format (${ALLOWED}).`
	);
}

/**
 * `manifest.json`'s text, read up to `maxBytes`: refused at once when the zip declares more, and as soon
 * as the data passes it, whatever the zip declared.
 */
export async function readJsonManifest(entry: FileEntry, maxBytes: number): Promise<string> {
	if (entry.uncompressedSize > maxBytes) {
		throw bundleInvalid(
			`manifest.json is ${inWords(entry.uncompressedSize)}; the most a bundle's manifest may be is ${inWords(maxBytes)}.`
		);
	}
	const chunks: Uint8Array[] = [];
	let total = 0;
	const tooLarge = () =>
		bundleInvalid(`manifest.json is larger than ${inWords(maxBytes)}, the most a bundle's manifest may be.`);
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

/**
 * An entry's inflated bytes, pulled: zip.js writes into a TransformStream that holds one chunk, so it
 * inflates only as fast as the caller reads (`getData` closes the stream at the end, or aborts it with
 * the zip's error, which the caller then gets). A caller that stops early (`break`, or a throw
 * while it holds a chunk) cancels the read, and the generator returns once zip.js has stopped.
 */
export async function* inflatedChunks(entry: FileEntry, name: string): AsyncGenerator<Uint8Array> {
	const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
	// zip.js aborts the stream with its error once it writes to it; one it finds before that (a damaged
	// local header) it only throws, so the stream is aborted here, and the reader gets the error either way.
	const writing = entry.getData(writable).then(
		() => undefined,
		(error: unknown) => writable.abort(error).catch(() => undefined)
	);
	const reader = readable.getReader();
	let ended = false;
	try {
		for (;;) {
			let next: ReadableStreamReadResult<Uint8Array>;
			try {
				next = await reader.read();
			} catch (error) {
				throw bundleInvalid(`${name} could not be read from the zip (${(error as Error).message}).`);
			}
			if (next.done) break;
			yield next.value;
		}
		ended = true;
	} finally {
		if (!ended) await reader.cancel(`${name} is no longer read.`).catch(() => undefined);
		await writing;
	}
}

export function parseJson(text: string, what: string): unknown {
	try {
		return JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw bundleInvalid(`${what} is not valid JSON: ${(error as Error).message}`);
	}
}

/** The zip's entries, each checked by its name and flags; no entry's data is read. */
export async function openZip(file: Blob, limits: ReadLimits = {}): Promise<OpenedZip> {
	const maxEntries = limits.maxEntries ?? MAX_BUNDLE_ENTRIES;
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
				if (manifestEntry?.filename === entry.filename)
					throw bundleInvalid(`The bundle holds ${entry.filename} twice.`);
				if (manifestEntry) {
					// Which one is the manifest is not for the reader to guess.
					throw bundleInvalid(
						`The bundle holds both ${LINES_MANIFEST_NAME} and ${JSON_MANIFEST_NAME}; a bundle has one manifest (${LINES_MANIFEST_NAME} from format 3 on, ${JSON_MANIFEST_NAME} before).`
					);
				}
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
	if (!manifestEntry) {
		throw bundleInvalid(
			`The bundle has no manifest (${LINES_MANIFEST_NAME}, or ${JSON_MANIFEST_NAME} before format 3), so it is not a registry bundle.`
		);
	}
	return { manifest: manifestEntry, artifacts };
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
