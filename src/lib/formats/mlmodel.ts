import { CORE_SCHEMA, load } from 'js-yaml';
import type { JsonValue } from '../registry/types';
import { formatBytes, readSmallText, type ByteSource } from './byte-source';
import { FormatError } from './errors';
import type { MlmodelSummary, ModelSignature, SignatureSpec } from './types';

/**
 * MLflow's `MLmodel` (YAML). Parsed by js-yaml with its core schema (plain JSON types: no custom tags, no
 * functions), and only the fields below are copied out, so nothing in the file is ever run or walked whole.
 * `signature.inputs` and `signature.outputs` are JSON strings inside the YAML.
 */

/** MLmodel files are a couple of KB; a bigger one is not an MLmodel. */
export const MAX_MLMODEL_BYTES = 1024 * 1024;
/**
 * MLflow never writes anchors; a few are tolerated, but a "billion laughs" file (aliases of aliases) is
 * refused before it is built. js-yaml counts every `*alias` it meets.
 */
const MAX_YAML_ALIASES = 16;
const MAX_YAML_DEPTH = 32;
/** A signature of more columns than this is listed up to it (a wide table still has a name for each). */
const MAX_SIGNATURE_SPECS = 10_000;

/** An input example is shown, not analysed: a few rows are enough, and it is stored with the summary. */
export const MAX_INPUT_EXAMPLE_BYTES = 64 * 1024;

type Scalar = string | number | boolean;

export async function readMlmodel(file: ByteSource): Promise<MlmodelSummary> {
	const text = await readSmallText(file, MAX_MLMODEL_BYTES, 'the MLmodel file');
	let doc: unknown;
	try {
		doc = load(text, { schema: CORE_SCHEMA, maxAliases: MAX_YAML_ALIASES, maxDepth: MAX_YAML_DEPTH });
	} catch (error) {
		// js-yaml's message ends with an excerpt of the source on more lines: the first line says enough.
		const reason = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 200) : String(error);
		throw new FormatError(`the MLmodel file is not valid YAML (${reason})`);
	}
	if (!isRecord(doc)) throw new FormatError('the MLmodel file is not a YAML mapping');
	if (!isRecord(doc.flavors)) throw new FormatError('the MLmodel file has no flavors');

	const flavors: MlmodelSummary['flavors'] = {};
	for (const [name, settings] of Object.entries(doc.flavors)) flavors[name] = scalarsOf(settings);

	const summary: MlmodelSummary = { format: 'mlmodel', flavors };
	if (isRecord(doc.signature)) summary.signature = readSignature(doc.signature);
	if (isRecord(doc.saved_input_example_info))
		summary.inputExample = { info: scalarsOf(doc.saved_input_example_info) };
	if (typeof doc.mlflow_version === 'string') summary.mlflowVersion = doc.mlflow_version;
	if (typeof doc.model_size_bytes === 'number') summary.modelSizeBytes = doc.model_size_bytes;
	if (typeof doc.model_uuid === 'string') summary.modelUuid = doc.model_uuid;
	if (typeof doc.run_id === 'string') summary.runId = doc.run_id;
	if (typeof doc.utc_time_created === 'string') summary.createdAt = doc.utc_time_created;
	return summary;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A flavor's settings, one level deep: nested mappings (env) are named by their dotted keys. */
function scalarsOf(value: unknown, prefix = ''): Record<string, Scalar> {
	const out: Record<string, Scalar> = {};
	if (!isRecord(value)) return out;
	for (const [key, item] of Object.entries(value)) {
		if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
			out[prefix + key] = item;
		} else if (isRecord(item) && prefix === '') {
			Object.assign(out, scalarsOf(item, `${key}.`));
		}
	}
	return out;
}

function readSignature(signature: Record<string, unknown>): ModelSignature {
	const result: ModelSignature = {
		inputs: readSpecs(signature.inputs, 'inputs'),
		outputs: readSpecs(signature.outputs, 'outputs')
	};
	if (typeof signature.params === 'string') {
		const params = parseJsonArray(signature.params, 'params');
		result.params = params.filter(isRecord).map((param) => ({
			name: String(param.name ?? ''),
			type: String(param.type ?? ''),
			...('default' in param ? { default: param.default } : {})
		}));
	}
	return result;
}

function readSpecs(value: unknown, what: string): SignatureSpec[] {
	if (value === undefined || value === null) return [];
	if (typeof value !== 'string') throw new FormatError(`signature.${what} is not a JSON string`);
	return parseJsonArray(value, what)
		.slice(0, MAX_SIGNATURE_SPECS)
		.map((spec, index) => readSpec(spec, what, index));
}

function parseJsonArray(text: string, what: string): unknown[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new FormatError(`signature.${what} is not valid JSON`);
	}
	if (!Array.isArray(parsed)) throw new FormatError(`signature.${what} is not a JSON list`);
	return parsed;
}

/** A column spec {name, type, required} or a tensor spec {type: 'tensor', 'tensor-spec': {dtype, shape}}. */
function readSpec(spec: unknown, what: string, index: number): SignatureSpec {
	if (!isRecord(spec) || typeof spec.type !== 'string') {
		throw new FormatError(`signature.${what}[${index}] has no type`);
	}
	const name = typeof spec.name === 'string' ? { name: spec.name } : {};
	if (spec.type === 'tensor') {
		const tensor = spec['tensor-spec'];
		if (!isRecord(tensor) || typeof tensor.dtype !== 'string' || !Array.isArray(tensor.shape)) {
			throw new FormatError(`signature.${what}[${index}] is a tensor without a dtype and shape`);
		}
		const shape = tensor.shape.map(Number);
		if (!shape.every(Number.isInteger)) throw new FormatError(`signature.${what}[${index}] has a bad shape`);
		return { kind: 'tensor', ...name, dtype: tensor.dtype, shape };
	}
	// Object, array and map columns (MLflow 2.10+) carry their structure in more keys; the type name says enough here.
	return { kind: 'column', ...name, type: spec.type, required: spec.required !== false };
}

/** The input example's JSON (`input_example.json`), or why it is not shown. */
export async function readInputExample(
	file: ByteSource
): Promise<{ value: JsonValue } | { notRead: string }> {
	if (file.size > MAX_INPUT_EXAMPLE_BYTES) {
		return {
			notRead: `the example is ${formatBytes(file.size)}; at most ${formatBytes(MAX_INPUT_EXAMPLE_BYTES)} is shown`
		};
	}
	try {
		return {
			value: JSON.parse(await readSmallText(file, MAX_INPUT_EXAMPLE_BYTES, 'the input example')) as JsonValue
		};
	} catch (error) {
		if (error instanceof FormatError) return { notRead: error.message.replace(/^could not read: /, '') };
		if (error instanceof SyntaxError) return { notRead: 'the example is not valid JSON' };
		throw error;
	}
}
