/**
 * What the file browser previews, and how: the kind by name, the bounded prefix it reads, text that is not
 * text, JSON laid out without changing a number, CSV with quotes, and the folder tree.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ArtifactFile } from '$lib';
import {
	IMAGE_PREVIEW_BYTES,
	TABLE_PREVIEW_ROWS,
	TEXT_PREVIEW_BYTES,
	canPreview,
	previewKind
} from '$lib/state/preview-kind';
import { readPreview, type PreviewContent } from '$lib/state/preview-read';
import { parseTable } from '$lib/state/preview-table';
import { decodeText, looksBinary, reindentJson } from '$lib/state/preview-text';
import { fileRows, hasFolders } from '$lib/ui/preview/file-tree';

const MLFLOW = fileURLToPath(new URL('../../fixtures/models/mlflow-sklearn/', import.meta.url));
const utf8 = (text: string) => new TextEncoder().encode(text);
const fileOf = (path: string, size = 1): ArtifactFile => ({
	path,
	size,
	sha256: '0'.repeat(64),
	mediaType: 'application/octet-stream'
});

async function preview(path: string, bytes: Uint8Array | string) {
	const blob = new Blob([typeof bytes === 'string' ? utf8(bytes) : (bytes as BlobPart)]);
	return readPreview(blob, path);
}

function textOf(content: PreviewContent): string {
	if (!('text' in content)) throw new Error(`no text in a ${content.kind} preview`);
	return content.text;
}

describe('which files are previewed', () => {
	it('offers text, JSON, tables and images by name, and nothing for weights or pickles', () => {
		expect(previewKind('MLmodel')).toBe('text');
		expect(previewKind('model/requirements.txt')).toBe('text');
		expect(previewKind('conda.yaml')).toBe('text');
		expect(previewKind('train.py')).toBe('text');
		expect(previewKind('setup.cfg')).toBe('text');
		expect(previewKind('pyproject.toml')).toBe('text');
		expect(previewKind('README.md')).toBe('markdown');
		expect(previewKind('input_example.json')).toBe('json');
		expect(previewKind('data/eval.CSV')).toBe('csv');
		expect(previewKind('eval.tsv')).toBe('tsv');
		for (const image of ['a.png', 'a.jpg', 'a.jpeg', 'a.gif', 'a.webp', 'a.svg'])
			expect(previewKind(image)).toBe('image');
		for (const binary of [
			'model.pkl',
			'model.safetensors',
			'model.onnx',
			'w.bin',
			'model.gguf',
			'noname',
			'.yaml'
		])
			expect(previewKind(binary), binary).toBeUndefined();
	});

	it('leaves out images too large to show whole', () => {
		expect(canPreview(fileOf('plot.png', IMAGE_PREVIEW_BYTES))).toBe(true);
		expect(canPreview(fileOf('plot.png', IMAGE_PREVIEW_BYTES + 1))).toBe(false);
		expect(canPreview(fileOf('huge.txt', 10 * 2 ** 30))).toBe(true);
		expect(canPreview(fileOf('model.pkl'))).toBe(false);
	});
});

describe('reading a preview', () => {
	it('shows the MLmodel fixture whole, as text', async () => {
		const bytes = new Uint8Array(await readFile(`${MLFLOW}MLmodel`));
		const { content, shownBytes } = await preview('MLmodel', bytes);
		expect(content.kind).toBe('text');
		expect(textOf(content)).toContain('flavors:');
		expect(shownBytes).toBe(bytes.byteLength);
	});

	it('reads only the first 256 KiB of a long file, and never splits a character', async () => {
		// "é" is two bytes: one falls on each side of the limit.
		const text = 'a'.repeat(TEXT_PREVIEW_BYTES - 1) + 'é' + 'b'.repeat(1000);
		const { content, shownBytes } = await preview('log.txt', text);
		expect(shownBytes).toBe(TEXT_PREVIEW_BYTES);
		expect(textOf(content)).toBe('a'.repeat(TEXT_PREVIEW_BYTES - 1));
		expect(content).toMatchObject({ replaced: false });
	});

	it('asks a file of gigabytes for its first 256 KiB only', async () => {
		const asked: Array<[number | undefined, number | undefined]> = [];
		// A stand-in that claims 4 GiB and answers any range with that many letters.
		const huge = {
			size: 4 * 2 ** 30,
			slice: (start = 0, end = 4 * 2 ** 30) => {
				asked.push([start, end]);
				return new Blob([new Uint8Array(end - start).fill(65)]);
			}
		} as Blob;
		const { content, shownBytes } = await readPreview(huge, 'big.txt');
		expect(asked).toEqual([[0, TEXT_PREVIEW_BYTES]]);
		expect(shownBytes).toBe(TEXT_PREVIEW_BYTES);
		expect(textOf(content)).toHaveLength(TEXT_PREVIEW_BYTES);
	});

	it('calls a file with NUL bytes not text, whatever its name says', async () => {
		const pickle = new Uint8Array(await readFile(`${MLFLOW}model.pkl`));
		expect(looksBinary(pickle)).toBe(true);
		expect((await preview('notes.txt', pickle)).content).toEqual({ kind: 'binary' });
	});

	it('shows bytes that are not UTF-8 as U+FFFD and says so', async () => {
		const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
		expect(decodeText(latin1, false)).toEqual({ text: 'caf\uFFFD', replaced: true });
		expect((await preview('notes.txt', latin1)).content).toMatchObject({ kind: 'text', replaced: true });
	});

	it('lays JSON out when it parses, and shows it as written when it does not', async () => {
		const pretty = (await preview('a.json', '{"a":[1,2],"b":{}}')).content;
		expect(pretty).toMatchObject({ kind: 'json', pretty: true });
		expect(textOf(pretty)).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}');
		const broken = (await preview('a.json', '{"a": 1,')).content;
		expect(broken).toMatchObject({ kind: 'json', pretty: false, text: '{"a": 1,' });
	});

	it('keeps numbers and strings exactly as the file writes them', () => {
		expect(reindentJson('{"x":1.0,"big":12345678901234567890,"e":1E-7}')).toBe(
			'{\n  "x": 1.0,\n  "big": 12345678901234567890,\n  "e": 1E-7\n}'
		);
		expect(reindentJson('["a,b", "q\\"{[", "\\\\", [ ]]')).toBe(
			'[\n  "a,b",\n  "q\\"{[",\n  "\\\\",\n  []\n]'
		);
		const example = '{"columns": ["x"], "data": [[5.1, 3.5]]}';
		expect(JSON.parse(reindentJson(example))).toEqual(JSON.parse(example));
	});

	it('gives an image its type by name, so that an SVG shows as an image', async () => {
		const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
		const { content } = await readPreview(new Blob([svg], { type: 'application/octet-stream' }), 'plot.svg');
		expect(content.kind).toBe('image');
		if (content.kind === 'image') {
			expect(content.image.type).toBe('image/svg+xml');
			expect(await content.image.text()).toBe(svg);
		}
	});
});

describe('CSV and TSV tables', () => {
	it('reads a header, quoted fields with commas, quotes and line breaks', () => {
		const csv = 'name,note\n"Smith, J","said ""hi"""\nplain,"two\nlines"\n';
		expect(parseTable(csv, ',', false)).toEqual({
			header: ['name', 'note'],
			rows: [
				['Smith, J', 'said "hi"'],
				['plain', 'two\nlines']
			],
			moreRows: false
		});
		expect(parseTable('a\tb\n1\t2\n', '\t', false).rows).toEqual([['1', '2']]);
	});

	it(`shows at most ${TABLE_PREVIEW_ROWS} rows and says there are more`, () => {
		const csv = ['n', ...Array.from({ length: 500 }, (_, i) => String(i))].join('\n');
		const table = parseTable(csv, ',', false);
		expect(table.rows).toHaveLength(TABLE_PREVIEW_ROWS);
		expect(table.moreRows).toBe(true);
	});

	it('leaves out the last row of a cut file, which may be cut itself', () => {
		expect(parseTable('a,b\n1,2\n3,"unfinished', ',', true)).toEqual({
			header: ['a', 'b'],
			rows: [['1', '2']],
			moreRows: true
		});
	});
});

describe('the folder tree', () => {
	const files = ['MLmodel', 'code/a/x.py', 'code/b.py', 'model.pkl', 'tokenizer/vocab.txt'].map((path) =>
		fileOf(path, 10)
	);
	const shown = (collapsed: string[] = []) =>
		fileRows(files, new Set(collapsed)).map((row) =>
			row.kind === 'folder'
				? `${'  '.repeat(row.depth)}${row.name}/ (${row.files}, ${row.size})`
				: `${'  '.repeat(row.depth)}${row.name}`
		);

	it('lists each folder before its files, with what is under it', () => {
		expect(hasFolders(files)).toBe(true);
		expect(shown()).toEqual([
			'code/ (2, 20)',
			'  a/ (1, 10)',
			'    x.py',
			'  b.py',
			'tokenizer/ (1, 10)',
			'  vocab.txt',
			'MLmodel',
			'model.pkl'
		]);
	});

	it('hides what is under a closed folder, however deep', () => {
		expect(shown(['code'])).toEqual([
			'code/ (2, 20)',
			'tokenizer/ (1, 10)',
			'  vocab.txt',
			'MLmodel',
			'model.pkl'
		]);
		expect(shown(['code/a'])).toEqual([
			'code/ (2, 20)',
			'  a/ (1, 10)',
			'  b.py',
			'tokenizer/ (1, 10)',
			'  vocab.txt',
			'MLmodel',
			'model.pkl'
		]);
	});

	it('is a plain list for files side by side', () => {
		const flat = [fileOf('a.txt'), fileOf('b.txt')];
		expect(hasFolders(flat)).toBe(false);
		expect(fileRows(flat, new Set()).map((row) => row.kind)).toEqual(['file', 'file']);
	});
});
