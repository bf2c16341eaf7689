import { toCount } from './count';
import type { Count, FileReading, ModelSummary, OnnxValueInfo, SignatureSpec } from './types';

/**
 * What changed between two versions' signatures, and whether it breaks a caller of the older one. Pure: it
 * works on the summaries `readModelFiles` gives (the worker's `readModel`), so the page compares what it has.
 *
 * Where a signature comes from: an MLmodel's `signature` first (it is what MLflow enforces when serving), else
 * the first ONNX graph's inputs and outputs. When both versions have both, the kind of file both have is
 * compared, so an MLmodel's "double" is never set against an ONNX "float".
 *
 * Fields are matched by name; an unnamed field (an MLflow tensor output) by its position ("output 1").
 *
 * The rule, from the caller's side — a caller of the older version must still work with the newer:
 * - breaking: an input removed, an input whose type changed, an input added as required, an optional input
 *   made required, an output removed, an output whose type changed, a shape change that a caller can feel
 *   (the rank changed, or a dimension fixed on both sides changed size);
 * - not breaking: an input added as optional, an output added, an input made optional, a dimension that went
 *   from fixed to free (a name such as "batch", or unknown) or back, a free dimension renamed, a shape only
 *   one side states. Exporters flip the batch dimension between fixed and free without changing the model,
 *   so calling that breaking would cry wolf; it is still listed as a change.
 * A column's type and a tensor's element type are one "type"; a column that became a tensor changed type.
 * MLflow writes a free dimension as -1: it is read as unknown, as ONNX's unnamed dimension is.
 */

/** A dimension: a fixed size, a free dimension's name ("batch"), or unknown. */
export type Dim = number | string | null;

export interface SignatureField {
	/** Its name in the file, or its position ("output 1") when the file names none. */
	name: string;
	kind: 'column' | 'tensor';
	/** A column's type or a tensor's element type. */
	type: string;
	/** A tensor's shape; absent for columns and when the file does not say. */
	shape?: Dim[];
	/** Columns may be optional; tensors are always required. */
	required: boolean;
}

export type SignatureSource = 'mlmodel' | 'onnx';

export interface Signature {
	source: SignatureSource;
	/** The file it was read from, within the version's folder. */
	path: string;
	inputs: SignatureField[];
	outputs: SignatureField[];
}

/** A version's signature, or why it has none to compare (in words, for a person). */
export type SignatureReading = { signature: Signature } | { none: string };

export type Side = 'input' | 'output';
export type FieldStatus = 'same' | 'added' | 'removed' | 'changed';

export interface FieldComparison {
	side: Side;
	name: string;
	status: FieldStatus;
	older?: SignatureField;
	newer?: SignatureField;
	/** What changed about it, each in words ("type double → string"); empty unless changed. */
	changes: string[];
	/** Each way it breaks a caller, as a sentence ("Input petal width was removed"); empty when it does not. */
	breaks: string[];
}

export interface SignatureDiff {
	older: Signature;
	newer: Signature;
	/** One came from an MLmodel and the other from an ONNX graph: a type may differ only in how it is spelt. */
	sourcesDiffer: boolean;
	/** Inputs, then outputs: the older's order, then what the newer added. */
	fields: FieldComparison[];
	/** Every sentence of every breaking change; empty when a caller of the older still works. */
	breaking: string[];
}

export interface ParameterCount {
	count: Count;
	/** The kind of file it was counted from. */
	source: 'safetensors-index' | 'safetensors' | 'onnx' | 'gguf';
}

export interface ParameterDelta {
	older: ParameterCount;
	newer: ParameterCount;
	/** newer − older, exact whatever the size. */
	delta: bigint;
	/** The delta with its sign and every digit, grouped: "+1,234,567", "−12", "0". */
	exact: string;
	/** The delta rounded for reading: "+1.23M", "−4.5K", "+12". */
	readable: string;
	/** The delta as a percentage of the older count (two decimals); absent when the older count is 0. */
	percent?: number;
}

/** Two versions side by side: their signatures (or why not) and how their parameter counts differ. */
export interface ModelComparison {
	older: SignatureReading;
	newer: SignatureReading;
	/** Present when both have a signature. */
	diff?: SignatureDiff;
	/** Each one's parameter count, when its files state one. */
	counts: { older?: ParameterCount; newer?: ParameterCount };
	/** Present when both have a parameter count. */
	parameters?: ParameterDelta;
}

/** Every signature a version's files give, most trusted first: each MLmodel's, then each ONNX graph's. */
export function signaturesOf(model: ModelSummary): Signature[] {
	const found: Signature[] = [];
	for (const { path, summary } of summaries(model.files)) {
		if (summary.format === 'mlmodel' && summary.signature) {
			found.push({
				source: 'mlmodel',
				path,
				inputs: summary.signature.inputs.map((spec, i) => fromSpec(spec, 'input', i)),
				outputs: summary.signature.outputs.map((spec, i) => fromSpec(spec, 'output', i))
			});
		}
	}
	for (const { path, summary } of summaries(model.files)) {
		if (summary.format === 'onnx') {
			found.push({
				source: 'onnx',
				path,
				inputs: summary.inputs.map((value, i) => fromOnnx(value, 'input', i)),
				outputs: summary.outputs.map((value, i) => fromOnnx(value, 'output', i))
			});
		}
	}
	return found;
}

/** The signature a version is compared by, or why it has none: a file that failed to read is named. */
export function signatureOf(model: ModelSummary): SignatureReading {
	const [signature] = signaturesOf(model);
	if (signature) return { signature };
	const failed = model.files.find(
		(reading) => 'error' in reading && (reading.format === 'mlmodel' || reading.format === 'onnx')
	);
	if (failed && 'error' in failed) return { none: `${failed.path}: ${failed.error}` };
	const mlmodel = model.files.some((reading) => reading.format === 'mlmodel');
	return { none: mlmodel ? 'its MLmodel has no signature' : 'it has no MLmodel or ONNX file' };
}

/** Compares `older` (the one in use) with `newer` (the candidate). */
export function compareModels(older: ModelSummary, newer: ModelSummary): ModelComparison {
	const [olderSignature, newerSignature] = matchingSignatures(signaturesOf(older), signaturesOf(newer));
	const olderCount = parameterCountOf(older);
	const newerCount = parameterCountOf(newer);
	return {
		older: olderSignature ? { signature: olderSignature } : signatureOf(older),
		newer: newerSignature ? { signature: newerSignature } : signatureOf(newer),
		...(olderSignature && newerSignature ? { diff: diffSignatures(olderSignature, newerSignature) } : {}),
		counts: { ...(olderCount ? { older: olderCount } : {}), ...(newerCount ? { newer: newerCount } : {}) },
		...(olderCount && newerCount ? { parameters: parameterDelta(olderCount, newerCount) } : {})
	};
}

/** The first kind of file both have; else each one's most trusted. */
function matchingSignatures(
	older: Signature[],
	newer: Signature[]
): [Signature | undefined, Signature | undefined] {
	for (const source of ['mlmodel', 'onnx'] as const) {
		const a = older.find((s) => s.source === source);
		const b = newer.find((s) => s.source === source);
		if (a && b) return [a, b];
	}
	return [older[0], newer[0]];
}

export function diffSignatures(older: Signature, newer: Signature): SignatureDiff {
	const fields = [
		...diffSide('input', older.inputs, newer.inputs),
		...diffSide('output', older.outputs, newer.outputs)
	];
	return {
		older,
		newer,
		sourcesDiffer: older.source !== newer.source,
		fields,
		breaking: fields.flatMap((field) => field.breaks)
	};
}

function diffSide(side: Side, older: SignatureField[], newer: SignatureField[]): FieldComparison[] {
	const newerByName = new Map(newer.map((field) => [field.name, field]));
	const olderNames = new Set(older.map((field) => field.name));
	const compared = older.map((field) => compareField(side, field, newerByName.get(field.name)));
	const added = newer
		.filter((field) => !olderNames.has(field.name))
		.map((field): FieldComparison => {
			// A caller of the older version never sends it: only an optional one can be left out.
			const breaks =
				side === 'input' && field.required ? [`${title(side, field.name)} was added and is required`] : [];
			return { side, name: field.name, status: 'added', newer: field, changes: [], breaks };
		});
	return [...compared, ...added];
}

function compareField(side: Side, older: SignatureField, newer: SignatureField | undefined): FieldComparison {
	const name = older.name;
	if (newer === undefined) {
		return {
			side,
			name,
			status: 'removed',
			older,
			changes: [],
			breaks: [`${title(side, name)} was removed`]
		};
	}
	const changes: string[] = [];
	const breaks: string[] = [];
	const olderType = typeText(older);
	const newerType = typeText(newer);
	if (olderType !== newerType) {
		changes.push(`type ${olderType} → ${newerType}`);
		breaks.push(`${title(side, name)} changed from ${olderType} to ${newerType}`);
	}
	const shape = compareShapes(older.shape, newer.shape);
	if (shape.changed) {
		const [from, to] = [shapeText(older.shape), shapeText(newer.shape)];
		changes.push(`shape ${from} → ${to}`);
		if (shape.breaking) breaks.push(`${title(side, name)} changed shape from ${from} to ${to}`);
	}
	// Whether an output is "required" says nothing to its caller.
	if (side === 'input' && older.required !== newer.required) {
		changes.push(newer.required ? 'now required' : 'now optional');
		if (newer.required) breaks.push(`${title(side, name)} is now required`);
	}
	return { side, name, status: changes.length ? 'changed' : 'same', older, newer, changes, breaks };
}

/**
 * A shape change breaks a caller when the rank changed or a dimension fixed on both sides changed size.
 * A shape only one side states, or a dimension free on either side, is a change that does not break.
 */
export function compareShapes(
	older: Dim[] | undefined,
	newer: Dim[] | undefined
): { changed: boolean; breaking: boolean } {
	if (older === undefined || newer === undefined) return { changed: older !== newer, breaking: false };
	if (older.length !== newer.length) return { changed: true, breaking: true };
	let changed = false;
	let breaking = false;
	older.forEach((dim, i) => {
		const other = newer[i];
		if (dim === other) return;
		changed = true;
		if (typeof dim === 'number' && typeof other === 'number') breaking = true;
	});
	return { changed, breaking };
}

/** A column's type as it is ("double"); a tensor's says so ("tensor of int64"), so a column that became one shows. */
function typeText(field: SignatureField): string {
	return field.kind === 'tensor' ? `tensor of ${field.type}` : field.type;
}

/** [batch, 4] with an unknown dimension as "?"; a shape the file does not state is "unstated". */
export function shapeText(shape: Dim[] | undefined): string {
	if (shape === undefined) return 'unstated';
	return `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]`;
}

/** "Input petal width (cm)", "Output 1". */
function title(side: Side, name: string): string {
	return `${side === 'input' ? 'Input' : 'Output'} ${name}`;
}

function summaries(files: FileReading[]) {
	return files.flatMap((reading) => ('summary' in reading ? [reading] : []));
}

function fromSpec(spec: SignatureSpec, side: Side, index: number): SignatureField {
	const name = spec.name ?? `${side} ${index + 1}`;
	if (spec.kind === 'column') return { name, kind: 'column', type: spec.type, required: spec.required };
	// MLflow writes a free dimension as -1.
	const shape = spec.shape.map((dim) => (dim === -1 ? null : dim));
	return { name, kind: 'tensor', type: spec.dtype, shape, required: true };
}

function fromOnnx(value: OnnxValueInfo, side: Side, index: number): SignatureField {
	return {
		name: value.name || `${side} ${index + 1}`,
		kind: 'tensor',
		type: value.type,
		...(value.shape ? { shape: value.shape } : {}),
		required: true
	};
}

/** Kinds of file a parameter count is taken from, in order: one kind only, so a model is not counted twice. */
const COUNT_SOURCES: ParameterCount['source'][] = ['safetensors-index', 'safetensors', 'onnx', 'gguf'];

/**
 * The version's parameter count: summed over the files of the first kind it has (an index covers its shards,
 * which are also read as single files; two ONNX graphs, an encoder and a decoder, are one model together).
 */
export function parameterCountOf(model: ModelSummary): ParameterCount | undefined {
	for (const source of COUNT_SOURCES) {
		const counts = summaries(model.files).flatMap(({ summary }) =>
			summary.format === source ? [BigInt(summary.parameterCount)] : []
		);
		if (counts.length) return { count: toCount(counts.reduce((a, b) => a + b, 0n)), source };
	}
	return undefined;
}

export function parameterDelta(older: ParameterCount, newer: ParameterCount): ParameterDelta {
	const before = BigInt(older.count);
	const delta = BigInt(newer.count) - before;
	return {
		older,
		newer,
		delta,
		exact: signed(delta, groupDigits(abs(delta).toString())),
		readable: signed(delta, readableMagnitude(abs(delta))),
		// Two decimals from integer division: exact for any size, where Number() of a huge count is not.
		...(before > 0n ? { percent: Number((delta * 10_000n) / before) / 100 } : {})
	};
}

const MAGNITUDES: [bigint, string][] = [
	[10n ** 12n, 'T'],
	[10n ** 9n, 'B'],
	[10n ** 6n, 'M'],
	[10n ** 3n, 'K']
];

/** Three significant digits and a unit, as model sizes are written (7B, 1.23M); under 1,000 as it is. */
function readableMagnitude(value: bigint): string {
	const index = MAGNITUDES.findIndex(([unit]) => value >= unit);
	if (index === -1) return value.toString();
	const [unit, suffix] = MAGNITUDES[index]!;
	const rounded = roundToThreeDigits(value, unit);
	// 999,600 rounds to 1000K: that is 1M.
	if (rounded === '1000' && index > 0) return `1${MAGNITUDES[index - 1]![1]}`;
	return `${groupDigits(rounded)}${suffix}`;
}

/** value ÷ unit to three significant digits (more when ≥ 1000), trailing zeros dropped; BigInt throughout. */
function roundToThreeDigits(value: bigint, unit: bigint): string {
	const whole = value / unit;
	const decimals = whole >= 100n ? 0 : whole >= 10n ? 1 : 2;
	const scale = 10n ** BigInt(decimals);
	const scaled = (value * scale + unit / 2n) / unit;
	const fraction = (scaled % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
	return fraction ? `${scaled / scale}.${fraction}` : `${scaled / scale}`;
}

/** A count with its digits grouped: "1,234,567", also past 2^53. */
export function formatCount(count: Count): string {
	return groupDigits(String(count));
}

/** Breaking changes as one sentence: "Input a was removed; input b changed from double to string". */
export function breakingSentence(breaking: readonly string[]): string {
	return breaking.map((text, i) => (i === 0 ? text : text[0]!.toLowerCase() + text.slice(1))).join('; ');
}

function signed(value: bigint, magnitude: string): string {
	if (value === 0n) return '0';
	// U+2212, the minus sign: a hyphen reads as a dash to a screen reader.
	return `${value > 0n ? '+' : '\u2212'}${magnitude}`;
}

/** "1234567" → "1,234,567"; a decimal part is left alone. */
function groupDigits(digits: string): string {
	const [whole = '', fraction] = digits.split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function abs(value: bigint): bigint {
	return value < 0n ? -value : value;
}
