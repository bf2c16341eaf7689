/**
 * Which of a version's files can be previewed, and as what: decided by name, since the media type a file
 * was registered with is whatever the browser guessed from its extension (often application/octet-stream).
 * What a name promises is checked again against the bytes read (`preview-read.ts`).
 */
import { baseName, type ArtifactFile } from '../registry';

export type PreviewKind = 'text' | 'markdown' | 'json' | 'csv' | 'tsv' | 'image';

/** A text preview reads at most this much of a file: enough to read, little enough to lay out at once. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;
/** An image is shown whole or not at all (a cut image does not decode), so larger ones are only downloaded. */
export const IMAGE_PREVIEW_BYTES = 8 * 1024 * 1024;
/** A table shows this many rows under its header; more would be a spreadsheet's job. */
export const TABLE_PREVIEW_ROWS = 100;

/** Image types an <img> shows, by extension, with the type the object URL must carry (SVG needs its own). */
const IMAGE_TYPES: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	svg: 'image/svg+xml'
};

const TEXT_EXTENSIONS = new Set([
	'txt',
	'yaml',
	'yml',
	'py',
	'cfg',
	'toml',
	'ini',
	'conf',
	'log',
	'sh',
	'xml',
	'html',
	'jsonl',
	'ndjson'
]);

/** Files MLflow, pip, conda and Hugging Face write without an extension, or with one that says nothing. */
const TEXT_NAMES = new Set(['MLmodel', 'LICENSE', 'README', 'Dockerfile', 'Makefile', 'requirements.txt']);

function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** How `path` would be previewed, or undefined when it is not a kind the browser can show (weights, pickles). */
export function previewKind(path: string): PreviewKind | undefined {
	const name = baseName(path);
	if (TEXT_NAMES.has(name)) return 'text';
	const extension = extensionOf(name);
	if (extension === 'md' || extension === 'markdown') return 'markdown';
	if (extension === 'json') return 'json';
	if (extension === 'csv') return 'csv';
	if (extension === 'tsv') return 'tsv';
	if (extension in IMAGE_TYPES) return 'image';
	if (TEXT_EXTENSIONS.has(extension)) return 'text';
	return undefined;
}

/** The media type to show an image with, whatever it was registered as. */
export function imageType(path: string): string {
	return IMAGE_TYPES[extensionOf(baseName(path))] ?? 'application/octet-stream';
}

/** Whether the file list offers "Preview" for `file`: a kind it can show, and an image small enough to show whole. */
export function canPreview(file: ArtifactFile): boolean {
	const kind = previewKind(file.path);
	return kind !== undefined && (kind !== 'image' || file.size <= IMAGE_PREVIEW_BYTES);
}
