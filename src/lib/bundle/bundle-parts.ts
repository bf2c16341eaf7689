/**
 * A pass over an opened bundle: its models as validated `SnapshotPart`s, read as they are consumed.
 * `manifest.jsonl` is never held: its lines are pulled from the zip a chunk at a time, each checked
 * as it arrives. `manifest.json` (formats 1 and 2, or a bare .json file) is read whole, under its
 * cap, and checked whole before its first part, as it always was.
 */
import type { SnapshotPart } from '../registry';
import { EntryChecks } from './entry-checks';
import { JSON_MANIFEST_SOURCE } from './errors';
import {
	JSON_MANIFEST_NAME,
	LINES_MANIFEST_NAME,
	MAX_MANIFEST_BYTES,
	MAX_MANIFEST_LINE_BYTES,
	type BundleManifest
} from './format';
import { manifestFromRecords } from './legacy';
import { LineParts } from './line-parts';
import { LineSplitter } from './lines';
import type { OpenedBundle } from './opened';
import { checkPartSize, DEFAULT_PART_SIZE, PartBuilder, snapshotEvent, snapshotVersion } from './parts';
import { inflatedChunks, parseJson, readJsonManifest, type ReadLimits } from './read';
import { validateManifest } from './validate';
import type { FileEntry } from './zip';

export interface PassOptions {
	/** Versions and events in a part, at most. */
	partSize?: number;
	/** Instead of the bundle's own. */
	limits?: ReadLimits;
	now?: () => Date;
}

/**
 * The bundle's models as validated parts, read as they are consumed: each part at most `partSize`
 * versions and events, a model's versions before its events, `more` on every part of a model but its
 * last. Every pass reads the file afresh and checks everything again, so a bundle can be passed over
 * twice (a preview, then the apply). An error is thrown when it is reached, after earlier parts came
 * out: the consumer must be all or nothing. A consumer that stops early cancels the read.
 */
export async function* bundleParts(
	bundle: OpenedBundle,
	options: PassOptions = {}
): AsyncGenerator<SnapshotPart, void, undefined> {
	const partSize = checkPartSize(options.partSize ?? DEFAULT_PART_SIZE);
	const limits = { ...bundle.limits, ...options.limits };
	const now = options.now ?? bundle.now;
	const entries = new EntryChecks(bundle.entries, bundle.kind, bundle.owners);
	const entry = bundle.manifestEntry;
	if (entry?.filename === LINES_MANIFEST_NAME) {
		const lines = new LineParts(entries, {
			partSize,
			limits,
			now,
			onHeader: (header) => (bundle.header = header)
		});
		yield* lineParts(entry, lines, limits.maxLineBytes ?? MAX_MANIFEST_LINE_BYTES);
		return;
	}
	// A manifest.json in the zip, or a bare .json file: the manifest is whole, and checked whole.
	const raw = entry
		? parseJson(
				await readJsonManifest(entry, limits.maxManifestBytes ?? MAX_MANIFEST_BYTES),
				JSON_MANIFEST_NAME
			)
		: await bareJson(bundle.file, now);
	const manifest = validateManifest(raw, now, JSON_MANIFEST_SOURCE);
	bundle.header = { generator: manifest.generator, exportedAt: manifest.exportedAt };
	for (const { name, versions } of manifest.models) {
		for (const version of versions) entries.version(`${name}:${version.version}`, version.files);
	}
	entries.finish();
	yield* wholeParts(manifest, partSize);
}

/** A bare manifest.json (no artifacts), or the reference registry's list of to_dict() records. */
async function bareJson(file: Blob, now: () => Date): Promise<unknown> {
	const json = parseJson(await file.text(), 'The file');
	return Array.isArray(json) ? manifestFromRecords(json, now()) : json;
}

/** A manifest checked whole, in parts like any other, so its consumer takes every bundle one way. */
function* wholeParts(manifest: BundleManifest, partSize: number): Generator<SnapshotPart> {
	const parts = new PartBuilder(partSize);
	for (const { versions, history, ...model } of manifest.models) {
		parts.start(model);
		for (const version of versions) {
			const full = parts.version(snapshotVersion(model.name, version));
			if (full) yield full;
		}
		for (const event of history) {
			const full = parts.event(snapshotEvent(event));
			if (full) yield full;
		}
		yield parts.end();
	}
}

/**
 * `manifest.jsonl`'s parts: the inflated bytes are split into lines a chunk at a time, and each line
 * is checked and put into a part before the next chunk is read. Errors come in line order, even when
 * the splitter refuses a line after lines of the same chunk that break a rule of their own.
 */
async function* lineParts(
	entry: FileEntry,
	lines: LineParts,
	maxLineBytes: number
): AsyncGenerator<SnapshotPart, void, undefined> {
	const pending: Array<[text: string, line: number]> = [];
	const splitter = new LineSplitter(LINES_MANIFEST_NAME, maxLineBytes, (text, line) =>
		pending.push([text, line])
	);
	/** Feeds the splitter, then checks the lines it gave; a line it refused is thrown after them. */
	function* split(feed: () => void): Generator<SnapshotPart> {
		let refusal: { error: unknown } | undefined;
		try {
			feed();
		} catch (error) {
			refusal = { error };
		}
		for (const [text, line] of pending.splice(0)) {
			const part = lines.accept(text, line);
			if (part) yield part;
		}
		if (refusal) throw refusal.error;
	}
	for await (const chunk of inflatedChunks(entry, LINES_MANIFEST_NAME))
		yield* split(() => splitter.push(chunk));
	yield* split(() => splitter.end());
	const last = lines.finish();
	if (last) yield last;
}
