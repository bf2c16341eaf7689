/** How the Model section writes what the readers found: counts, shapes, names, bounded lists. Pure. */
import type { Count, FormatName } from '../../state/model-reading.svelte';

export const FORMAT_NAMES: Record<FormatName, string> = {
	mlmodel: 'MLflow model',
	onnx: 'ONNX model',
	safetensors: 'safetensors weights',
	'safetensors-index': 'Sharded safetensors weights',
	gguf: 'GGUF model',
	'hf-config': 'Hugging Face config'
};

const COUNT_UNITS: [size: number, unit: string][] = [
	[1e12, 'T'],
	[1e9, 'B'],
	[1e6, 'M'],
	[1e3, 'K']
];

/**
 * A count as a person reads it ("1.2 M") and exactly ("1,234,567"). A count past 2^53 arrives as its
 * digits and stays exact through BigInt; only the short form is rounded.
 */
export function formatCount(count: Count): { short: string; exact: string } {
	const digits = typeof count === 'string' && /^\d+$/.test(count);
	const exact =
		digits || (typeof count === 'number' && Number.isSafeInteger(count))
			? BigInt(count).toLocaleString('en')
			: String(count);
	const value = Number(count);
	if (!(value >= 1e3)) return { short: exact, exact };
	// Past a thousand trillion (only a hostile header claims that many) a power of ten says it best.
	if (value >= 1e15) return { short: value.toExponential(1).replace('e+', ' × 10^'), exact };
	// The unit is chosen after rounding, so 999,950 is "1 M", not "1,000 K".
	const tenths = (size: number) => Math.round((value / size) * 10) / 10;
	const [size, unit] = COUNT_UNITS.find(([size]) => tenths(size) >= 1) ?? COUNT_UNITS.at(-1)!;
	return { short: `${tenths(size).toLocaleString('en')} ${unit}`, exact };
}

/**
 * A tensor's shape: a size, a symbolic dimension by its name, and one the model leaves open as "?"
 * (ONNX says nothing; MLflow writes -1). An empty shape is a scalar.
 */
export function formatShape(shape: readonly (number | string | null)[] | undefined): string {
	if (shape === undefined) return 'not given';
	if (shape.length === 0) return 'scalar';
	const dims = shape.map((dim) => (dim === null || (typeof dim === 'number' && dim < 0) ? '?' : String(dim)));
	return `[${dims.join(', ')}]`;
}

/** "F32 × 3, F16 × 1": how many of each, the most common first. */
export function formatTally(tally: Record<string, number>, limit = Infinity): string {
	const entries = Object.entries(tally).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
	const shown = entries.slice(0, limit).map(([name, n]) => `${name} × ${n.toLocaleString('en')}`);
	const rest = entries.length - shown.length;
	return rest > 0 ? `${shown.join(', ')} and ${rest.toLocaleString('en')} more` : shown.join(', ');
}

/** Opset domains as ONNX names them: the empty domain is the default one, ai.onnx. */
export function formatOpsets(opsets: readonly { domain: string; version: number }[]): string {
	return opsets.map(({ domain, version }) => `${domain || 'ai.onnx'} ${version}`).join(', ');
}

/** Metadata rows shown at most; the rest are counted. A file's metadata can have thousands of keys. */
export const SHOWN_METADATA = 30;
/** Characters of one value shown; a safetensors `__metadata__` value may be a whole JSON document. */
export const SHOWN_VALUE_CHARS = 300;
/** Characters of an input example shown: it may be up to 64 KiB. */
export const SHOWN_EXAMPLE_CHARS = 2_000;

/** Text cut to `limit` characters, saying how much there was. */
export function bounded(text: string, limit = SHOWN_VALUE_CHARS): string {
	return text.length <= limit
		? text
		: `${text.slice(0, limit)}… (${text.length.toLocaleString('en')} characters in all)`;
}

/** A metadata value as text: strings as they are, anything else as JSON. */
export function formatValue(value: unknown): string {
	return bounded(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The first SHOWN_METADATA entries, sorted by key, and how many were left out. */
export function boundedEntries<T>(record: Record<string, T>): { shown: [string, T][]; more: number } {
	const entries = Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
	return { shown: entries.slice(0, SHOWN_METADATA), more: Math.max(0, entries.length - SHOWN_METADATA) };
}

/**
 * An input example as indented JSON, bounded, with each innermost list on one line: a row of four numbers
 * is one line, not six. Safe to do by text because JSON.stringify never puts a raw line break in a string.
 */
export function formatExample(value: unknown): string {
	const json = JSON.stringify(value, null, 2).replace(/\[[^[\]{}]*\]/g, (list) =>
		list
			.replace(/\s*\n\s*/g, ' ')
			.replace('[ ', '[')
			.replace(/ \]$/, ']')
	);
	return bounded(json, SHOWN_EXAMPLE_CHARS);
}

/** The reader's "could not read: <reason>" as a sentence that names the file. */
export function readFailure(path: string, error: string): string {
	return `Could not read ${path}: ${error.replace(/^could not read:\s*/i, '')}`;
}
