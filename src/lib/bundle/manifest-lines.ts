/**
 * What a registry's snapshots become in `manifest.jsonl`: the header, then for each model its line,
 * its version lines and its event lines — and those lines as a stream of UTF-8 bytes, stringified
 * one at a time as the zip asks for them, so neither the manifest nor the registry is ever whole in
 * memory however many versions it lists.
 */
import type { ModelSnapshot, ModelVersion, SnapshotParts } from '../registry';
import { bundleInvalid, inWords } from './errors';
import {
	BUNDLE_FORMAT,
	BUNDLE_FORMAT_VERSION,
	LINES_MANIFEST_NAME,
	MAX_MANIFEST_LINE_BYTES,
	type BundleEvent,
	type BundleVersion,
	type ManifestLine
} from './format';

export const GENERATOR = 'model-registry (browser app)';

/** Lines are handed to the zip in batches of about this many characters: fewer, larger chunks. */
const BATCH_CHARS = 256 * 1024;

/** A version as it travels: its model is the one whose line comes before it. */
export function bundleVersion({ modelName: _m, fullName: _f, ...version }: ModelVersion): BundleVersion {
	return version;
}

/** An event another tool wrote leaves with the kind it came with. */
export function bundleEvent({ externalKind, ...event }: ModelSnapshot['history'][number]): BundleEvent {
	return event.kind === 'external' && externalKind !== undefined ? { ...event, kind: externalKind } : event;
}

/**
 * The header, then each model's line (as its first part comes), its version lines and its event
 * lines, made as they are asked for: parts read from the registry while the zip is written.
 */
export async function* manifestLines(parts: SnapshotParts, exportedAt: Date): AsyncGenerator<ManifestLine> {
	yield {
		format: BUNDLE_FORMAT,
		formatVersion: BUNDLE_FORMAT_VERSION,
		exportedAt: exportedAt.toISOString(),
		generator: GENERATOR
	};
	let open = false;
	for await (const { model, versions, history, more } of parts) {
		if (!open) yield { model };
		for (const version of versions) yield { version: bundleVersion(version) };
		for (const event of history) yield { event: bundleEvent(event) };
		open = more === true;
	}
}

/**
 * The lines as UTF-8, each ended by "\n", made as the zip asks for more. A line no reader would
 * accept (over the line cap: a version with tens of MiB of tags) stops the export with its name,
 * rather than writing a bundle that cannot be imported.
 */
export function encodeLines(
	lines: Iterable<ManifestLine> | AsyncIterable<ManifestLine>
): ReadableStream<Uint8Array> {
	const iterator = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
	const encoder = new TextEncoder();
	let model = '';
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			let batch = '';
			while (batch.length < BATCH_CHARS) {
				const next = await iterator.next();
				if (next.done) {
					if (batch) controller.enqueue(encoder.encode(batch));
					controller.close();
					return;
				}
				if ('model' in next.value) model = next.value.model.name;
				const text = JSON.stringify(next.value);
				// A UTF-16 unit is at most 3 bytes of UTF-8: most lines need no count.
				if (text.length * 3 > MAX_MANIFEST_LINE_BYTES) checkLineSize(text, next.value, model);
				batch += `${text}\n`;
			}
			controller.enqueue(encoder.encode(batch));
		},
		async cancel() {
			await iterator.return?.(undefined);
		}
	});
}

function checkLineSize(text: string, line: ManifestLine, model: string): void {
	const bytes = new TextEncoder().encode(text).byteLength;
	if (bytes <= MAX_MANIFEST_LINE_BYTES) return;
	const what =
		'version' in line
			? `Version ${line.version.version} of ${model}`
			: 'event' in line
				? `A history event of ${model} (${line.event.kind})`
				: `The model ${model}`;
	throw bundleInvalid(
		`${what} takes ${inWords(bytes)} as a line of ${LINES_MANIFEST_NAME}; a line may be at most ${inWords(MAX_MANIFEST_LINE_BYTES)}, so no bundle can carry it.`
	);
}
