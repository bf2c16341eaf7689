import { describe, expect, it } from 'vitest';
import {
	readModelFiles,
	type ModelSummary,
	type OnnxSummary,
	type SignatureSpec
} from '../../../src/lib/formats';
import {
	breakingSentence,
	compareModels,
	formatCount,
	compareShapes,
	parameterCountOf,
	parameterDelta,
	signatureOf,
	type ModelComparison
} from '../../../src/lib/formats/signature-diff';
import { blobOf, fixture, fixtureText } from './sources';

const column = (name: string, type = 'double', required = true): SignatureSpec => ({
	kind: 'column',
	name,
	type,
	required
});
const tensor = (dtype: string, shape: number[], name?: string): SignatureSpec => ({
	kind: 'tensor',
	...(name === undefined ? {} : { name }),
	dtype,
	shape
});

/** A folder holding only an MLmodel with this signature. */
function mlflow(inputs: SignatureSpec[], outputs: SignatureSpec[] = [tensor('int64', [-1])]): ModelSummary {
	return {
		files: [
			{
				path: 'MLmodel',
				format: 'mlmodel',
				summary: { format: 'mlmodel', flavors: { sklearn: {} }, signature: { inputs, outputs } }
			}
		],
		suggestedFramework: 'sklearn'
	};
}

type Dims = (number | string | null)[] | undefined;

function onnx(
	inputs: Record<string, Dims>,
	outputs: Record<string, Dims>,
	parameterCount: number | string = 15
) {
	const values = (specs: Record<string, Dims>) =>
		Object.entries(specs).map(([name, shape]) => ({ name, type: 'float', ...(shape ? { shape } : {}) }));
	const summary: OnnxSummary = {
		format: 'onnx',
		opsetImports: [],
		inputs: values(inputs),
		outputs: values(outputs),
		nodeCount: 1,
		opTypes: {},
		initializerCount: 1,
		parameterCount,
		externalDataFiles: [],
		sparseInitializerCount: 0
	};
	return summary;
}

const folder = (...summaries: OnnxSummary[]): ModelSummary => ({
	files: summaries.map((summary, i) => ({ path: `model${i}.onnx`, format: 'onnx', summary })),
	suggestedFramework: 'onnx'
});

const IRIS = ['sepal length', 'sepal width', 'petal length', 'petal width'].map((name) => column(name));

/** The sentences of every breaking change, and the status of each field by name. */
function outcome(comparison: ModelComparison) {
	const diff = comparison.diff!;
	return {
		breaking: diff.breaking,
		status: Object.fromEntries(diff.fields.map((f) => [`${f.side} ${f.name}`, f.status]))
	};
}

describe('signature rules: what breaks a caller of the older version', () => {
	it('the same signature: nothing changed, nothing breaks', () => {
		const { breaking, status } = outcome(compareModels(mlflow(IRIS), mlflow(IRIS)));
		expect(breaking).toEqual([]);
		expect(new Set(Object.values(status))).toEqual(new Set(['same']));
	});

	it('a removed input breaks', () => {
		const { breaking, status } = outcome(compareModels(mlflow(IRIS), mlflow(IRIS.slice(0, 3))));
		expect(status['input petal width']).toBe('removed');
		expect(breaking).toEqual(['Input petal width was removed']);
	});

	it('an input whose type changed breaks, and says from what to what', () => {
		const newer = [column('sepal length', 'string'), ...IRIS.slice(1)];
		const comparison = compareModels(mlflow(IRIS), mlflow(newer));
		const field = comparison.diff!.fields.find((f) => f.name === 'sepal length')!;
		expect(field).toMatchObject({ status: 'changed', changes: ['type double → string'] });
		expect(comparison.diff!.breaking).toEqual(['Input sepal length changed from double to string']);
	});

	it('a required input added breaks; an optional one does not', () => {
		const required = outcome(compareModels(mlflow(IRIS), mlflow([...IRIS, column('colour', 'string')])));
		expect(required.status['input colour']).toBe('added');
		expect(required.breaking).toEqual(['Input colour was added and is required']);

		const optional = outcome(
			compareModels(mlflow(IRIS), mlflow([...IRIS, column('colour', 'string', false)]))
		);
		expect(optional.status['input colour']).toBe('added');
		expect(optional.breaking).toEqual([]);
	});

	it('an optional input made required breaks; the other way does not', () => {
		const optional = [...IRIS.slice(0, 3), column('petal width', 'double', false)];
		const tightened = compareModels(mlflow(optional), mlflow(IRIS)).diff!;
		expect(tightened.fields.at(3)).toMatchObject({ status: 'changed', changes: ['now required'] });
		expect(tightened.breaking).toEqual(['Input petal width is now required']);

		const loosened = compareModels(mlflow(IRIS), mlflow(optional)).diff!;
		expect(loosened.fields.at(3)).toMatchObject({ status: 'changed', changes: ['now optional'] });
		expect(loosened.breaking).toEqual([]);
	});

	it('a removed output breaks, an added one does not; an unnamed output is named by position', () => {
		const removed = outcome(compareModels(mlflow(IRIS), mlflow(IRIS, [])));
		expect(removed.breaking).toEqual(['Output output 1 was removed']);

		const added = outcome(
			compareModels(mlflow(IRIS), mlflow(IRIS, [tensor('int64', [-1]), tensor('float64', [-1, 3], 'proba')]))
		);
		expect(added.status).toMatchObject({ 'output output 1': 'same', 'output proba': 'added' });
		expect(added.breaking).toEqual([]);
	});

	it('an output whose type changed breaks; a column that became a tensor changed type', () => {
		const dtype = outcome(compareModels(mlflow(IRIS), mlflow(IRIS, [tensor('float32', [-1])])));
		expect(dtype.breaking).toEqual(['Output output 1 changed from tensor of int64 to tensor of float32']);

		const kind = outcome(compareModels(mlflow(IRIS), mlflow([tensor('double', [-1, 4], 'sepal length')])));
		expect(kind.breaking).toContain('Input sepal length changed from double to tensor of double');
	});

	it('every breaking change is listed, in the order of the fields, and said in one sentence', () => {
		const newer = [column('sepal length', 'string'), ...IRIS.slice(1, 3)];
		const { breaking } = compareModels(mlflow(IRIS), mlflow(newer)).diff!;
		expect(breaking).toEqual([
			'Input sepal length changed from double to string',
			'Input petal width was removed'
		]);
		expect(breakingSentence(breaking)).toBe(
			'Input sepal length changed from double to string; input petal width was removed'
		);
	});
});

describe('shape rules', () => {
	it('a changed rank or a fixed dimension of another size breaks', () => {
		expect(compareShapes(['batch', 4], ['batch', 4, 1])).toEqual({ changed: true, breaking: true });
		expect(compareShapes(['batch', 4], ['batch', 5])).toEqual({ changed: true, breaking: true });
	});

	it('a dimension going between fixed and free, or a free one renamed, is a change that does not break', () => {
		expect(compareShapes(['batch', 4], [1, 4])).toEqual({ changed: true, breaking: false });
		expect(compareShapes([1, 4], [null, 4])).toEqual({ changed: true, breaking: false });
		expect(compareShapes(['batch', 4], ['N', 4])).toEqual({ changed: true, breaking: false });
	});

	it('a shape only one side states changes nothing a caller can check', () => {
		expect(compareShapes(undefined, [1, 4])).toEqual({ changed: true, breaking: false });
		expect(compareShapes(undefined, undefined)).toEqual({ changed: false, breaking: false });
		expect(compareShapes([null, 4], [null, 4])).toEqual({ changed: false, breaking: false });
	});

	it('an ONNX input of another fixed width breaks, a fixed batch does not; both are listed', () => {
		const older = folder(onnx({ features: ['batch', 4] }, { logits: ['batch', 3] }));
		const newer = folder(onnx({ features: [1, 5] }, { logits: [1, 3] }));
		const diff = compareModels(older, newer).diff!;
		expect(diff.fields.map((f) => [f.name, f.changes])).toEqual([
			['features', ['shape [batch, 4] → [1, 5]']],
			['logits', ['shape [batch, 3] → [1, 3]']]
		]);
		expect(diff.breaking).toEqual(['Input features changed shape from [batch, 4] to [1, 5]']);
	});

	it("MLflow's -1 is a free dimension: it matches ONNX's unknown one", () => {
		const older = mlflow([tensor('float', [-1, 4], 'x')]);
		expect(signatureOf(older)).toMatchObject({ signature: { inputs: [{ shape: [null, 4] }] } });
	});
});

describe('where a signature comes from', () => {
	it("an MLmodel's is preferred to an ONNX graph's, and each says which file it came from", () => {
		const both: ModelSummary = {
			files: [...folder(onnx({ features: ['batch', 4] }, {})).files, ...mlflow(IRIS).files],
			suggestedFramework: 'sklearn'
		};
		expect(signatureOf(both)).toMatchObject({ signature: { source: 'mlmodel', path: 'MLmodel' } });
		expect(signatureOf(folder(onnx({ x: [1] }, {})))).toMatchObject({
			signature: { source: 'onnx', path: 'model0.onnx' }
		});
	});

	it('the kind of file both versions have is compared, so an MLmodel is not set against an ONNX graph', () => {
		const graph = onnx({ features: ['batch', 4] }, { logits: ['batch', 3] });
		const both: ModelSummary = {
			files: [...folder(graph).files, ...mlflow(IRIS).files],
			suggestedFramework: 'sklearn'
		};
		const comparison = compareModels(both, folder(graph));
		expect(comparison.diff).toMatchObject({ sourcesDiffer: false, breaking: [] });

		const mixed = compareModels(mlflow(IRIS), folder(graph));
		expect(mixed.diff?.sourcesDiffer).toBe(true);
	});

	it('says why a version has no signature to compare', () => {
		expect(signatureOf({ files: [], suggestedFramework: 'custom' })).toEqual({
			none: 'it has no MLmodel or ONNX file'
		});
		const unsigned: ModelSummary = {
			files: [{ path: 'MLmodel', format: 'mlmodel', summary: { format: 'mlmodel', flavors: {} } }],
			suggestedFramework: 'custom'
		};
		expect(signatureOf(unsigned)).toEqual({ none: 'its MLmodel has no signature' });
		const unreadable: ModelSummary = {
			files: [
				{ path: 'm/MLmodel', format: 'mlmodel', error: 'could not read: the MLmodel file has no flavors' }
			],
			suggestedFramework: 'custom'
		};
		expect(signatureOf(unreadable)).toEqual({
			none: 'm/MLmodel: could not read: the MLmodel file has no flavors'
		});

		const comparison = compareModels(mlflow(IRIS), unsigned);
		expect(comparison.diff).toBeUndefined();
		expect(comparison.newer).toEqual({ none: 'its MLmodel has no signature' });
	});

	it('reads the real MLflow fixture, and one whose MLmodel lost an input column', async () => {
		const text = await fixtureText('mlflow-sklearn/MLmodel');
		const older = await readModelFiles([{ path: 'MLmodel', blob: await fixture('mlflow-sklearn/MLmodel') }]);
		// The input list is one YAML string folded over lines: replace it whole.
		const edited = text.replace(
			/ {2}inputs: '[^']*'/,
			`  inputs: '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type": "string", "name": "sepal width (cm)", "required": true}, {"type": "double", "name": "petal length (cm)", "required": true}]'`
		);
		expect(edited).not.toBe(text);
		const newer = await readModelFiles([{ path: 'MLmodel', blob: blobOf(edited) }]);
		expect(compareModels(older, newer).diff!.breaking).toEqual([
			'Input sepal width (cm) changed from double to string',
			'Input petal width (cm) was removed'
		]);
	});
});

describe('parameter counts', () => {
	const counted = (format: 'safetensors' | 'safetensors-index' | 'gguf', parameterCount: number | string) =>
		({
			path: `w.${format}`,
			format,
			summary: { format, parameterCount }
		}) as unknown as ModelSummary['files'][number];

	it('takes one kind of file: an index over its shards, which are not counted again', () => {
		const model: ModelSummary = {
			files: [counted('safetensors-index', 120), counted('safetensors', 60), counted('safetensors', 60)],
			suggestedFramework: 'pytorch'
		};
		expect(parameterCountOf(model)).toEqual({ count: 120, source: 'safetensors-index' });
		expect(parameterCountOf(folder(onnx({}, {}, 10), onnx({}, {}, 5)))).toEqual({
			count: 15,
			source: 'onnx'
		});
		expect(parameterCountOf({ files: [counted('gguf', 5280)], suggestedFramework: 'custom' })).toEqual({
			count: 5280,
			source: 'gguf'
		});
		expect(parameterCountOf(mlflow(IRIS))).toBeUndefined();
	});

	it('gives the delta exactly, signed, and readably', () => {
		const of = (count: number | string) => ({ count, source: 'onnx' as const });
		expect(parameterDelta(of(1_000_000), of(2_234_567))).toMatchObject({
			delta: 1_234_567n,
			exact: '+1,234,567',
			readable: '+1.23M',
			percent: 123.45
		});
		expect(parameterDelta(of(15), of(3))).toMatchObject({
			delta: -12n,
			exact: '\u221212',
			readable: '\u221212'
		});
		expect(parameterDelta(of(15), of(15))).toMatchObject({
			delta: 0n,
			exact: '0',
			readable: '0',
			percent: 0
		});
		expect(parameterDelta(of(0), of(7_000_000_000))).toMatchObject({ readable: '+7B' });
		expect(parameterDelta(of(0), of(0)).percent).toBeUndefined();
		// Rounding that reaches the next unit is said in that unit.
		expect(parameterDelta(of(0), of(999_600)).readable).toBe('+1M');
		expect(parameterDelta(of(0), of(99_960)).readable).toBe('+100K');
		expect(parameterDelta(of(0), of(12_345)).readable).toBe('+12.3K');
	});

	it('is exact past 2^53, where counts are strings', () => {
		const big = { count: '18014398509481985', source: 'safetensors' as const }; // 2^54 + 1
		const delta = parameterDelta({ count: Number.MAX_SAFE_INTEGER, source: 'safetensors' }, big);
		expect(delta.delta).toBe(2n ** 54n + 1n - BigInt(Number.MAX_SAFE_INTEGER));
		expect(delta.exact).toBe('+9,007,199,254,740,994');
		expect(delta.readable).toBe('+9,007T');
		expect(delta.percent).toBe(100);
		const sum = parameterCountOf({
			files: [counted('safetensors', big.count), counted('safetensors', 1)],
			suggestedFramework: 'custom'
		});
		expect(sum).toEqual({ count: '18014398509481986', source: 'safetensors' });
	});

	it('is compared when both versions have one; each count is kept', () => {
		const comparison = compareModels(folder(onnx({}, {}, 15)), folder(onnx({}, {}, 20)));
		expect(comparison.parameters).toMatchObject({ exact: '+5', readable: '+5' });
		const half = compareModels(folder(onnx({}, {}, 15)), mlflow(IRIS));
		expect(half.parameters).toBeUndefined();
		expect(half.counts).toEqual({ older: { count: 15, source: 'onnx' } });
		expect(formatCount('18014398509481985')).toBe('18,014,398,509,481,985');
	});
});
