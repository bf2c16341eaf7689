/**
 * Reads what a preview shows of a file: a bounded prefix (`blob.slice` reads only that range, even of a
 * file of gigabytes), checked for being text and turned into what its kind shows.
 */
import { IMAGE_PREVIEW_BYTES, TEXT_PREVIEW_BYTES, imageType, previewKind } from './preview-kind';
import { parseTable, type TablePreview } from './preview-table';
import { decodeText, looksBinary, reindentJson } from './preview-text';

interface Decoded {
	text: string;
	/** Some bytes were not UTF-8 and show as U+FFFD. */
	replaced: boolean;
}

export type PreviewContent =
	| ({ kind: 'text' | 'markdown' } & Decoded)
	/** `pretty` when it parsed and is laid out; otherwise shown as written (cut short, or not valid JSON). */
	| ({ kind: 'json'; pretty: boolean } & Decoded)
	| ({ kind: 'table' } & TablePreview & Pick<Decoded, 'replaced'>)
	/** The whole image, typed by its name so that an <img> shows it (SVG needs image/svg+xml). */
	| { kind: 'image'; image: Blob }
	/** The name promised text but the bytes are not. */
	| { kind: 'binary' };

export interface ReadPreview {
	content: PreviewContent;
	/** How much of the file the preview read: less than its size when only the start is shown. */
	shownBytes: number;
}

export async function readPreview(blob: Blob, path: string): Promise<ReadPreview> {
	const kind = previewKind(path) ?? 'text';
	if (kind === 'image') {
		if (blob.size > IMAGE_PREVIEW_BYTES) return { content: { kind: 'binary' }, shownBytes: 0 };
		return { content: { kind, image: blob.slice(0, blob.size, imageType(path)) }, shownBytes: blob.size };
	}
	const shownBytes = Math.min(blob.size, TEXT_PREVIEW_BYTES);
	const bytes = new Uint8Array(await blob.slice(0, shownBytes).arrayBuffer());
	if (looksBinary(bytes)) return { content: { kind: 'binary' }, shownBytes };
	const cut = shownBytes < blob.size;
	const decoded = decodeText(bytes, cut);
	switch (kind) {
		case 'json': {
			// A cut file cannot parse; whatever does not is shown as written.
			const pretty = !cut && isJson(decoded.text);
			const text = pretty ? reindentJson(decoded.text) : decoded.text;
			return { content: { kind, pretty, text, replaced: decoded.replaced }, shownBytes };
		}
		case 'csv':
		case 'tsv': {
			const table = parseTable(decoded.text, kind === 'csv' ? ',' : '\t', cut);
			return { content: { kind: 'table', ...table, replaced: decoded.replaced }, shownBytes };
		}
		default:
			return { content: { kind, ...decoded }, shownBytes };
	}
}

function isJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		// Not valid JSON: an expected answer here, not a failure.
		return false;
	}
}
