import { describe, expect, it } from 'vitest';
import { readMlmodel } from '../../../src/lib/formats';
import { blobOf, fixture } from './sources';

const COLUMNS = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

describe('MLflow MLmodel', () => {
	it('reads a real sklearn model: flavors, column signature, tensor output, input example', async () => {
		const summary = await readMlmodel(await fixture('mlflow-sklearn/MLmodel'));
		expect(Object.keys(summary.flavors)).toEqual(['python_function', 'sklearn']);
		expect(summary.flavors.python_function).toMatchObject({
			loader_module: 'mlflow.sklearn',
			model_path: 'model.pkl',
			'env.conda': 'conda.yaml',
			'env.virtualenv': 'python_env.yaml'
		});
		expect(summary.flavors.sklearn).toEqual({
			pickled_model: 'model.pkl',
			serialization_format: 'cloudpickle',
			sklearn_version: '1.9.1'
		});
		expect(summary.signature).toEqual({
			inputs: COLUMNS.map((name) => ({ kind: 'column', name, type: 'double', required: true })),
			outputs: [{ kind: 'tensor', dtype: 'int64', shape: [-1] }]
		});
		expect(summary.inputExample).toEqual({
			info: {
				artifact_path: 'input_example.json',
				pandas_orient: 'split',
				serving_input_path: 'serving_input_example.json',
				type: 'dataframe'
			}
		});
		expect(summary.mlflowVersion).toBe('3.17.2');
		expect(summary.modelSizeBytes).toBe(1543);
	});

	it('reads tensor-spec inputs with names, and params', async () => {
		const yaml = [
			'flavors:',
			'  pytorch: {pytorch_version: 2.4.0, model_data: data}',
			'signature:',
			`  inputs: '[{"type": "tensor", "name": "pixels", "tensor-spec": {"dtype": "float32", "shape": [-1, 3, 224, 224]}}]'`,
			`  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1000]}}]'`,
			`  params: '[{"name": "top_k", "type": "long", "default": 5, "shape": null}]'`
		].join('\n');
		const summary = await readMlmodel(blobOf(yaml));
		expect(summary.flavors).toEqual({ pytorch: { pytorch_version: '2.4.0', model_data: 'data' } });
		expect(summary.signature).toEqual({
			inputs: [{ kind: 'tensor', name: 'pixels', dtype: 'float32', shape: [-1, 3, 224, 224] }],
			outputs: [{ kind: 'tensor', dtype: 'float32', shape: [-1, 1000] }],
			params: [{ name: 'top_k', type: 'long', default: 5 }]
		});
	});

	it('gives a clear error for bad YAML, a file that is not a mapping, and a broken signature', async () => {
		await expect(readMlmodel(blobOf('flavors: [unclosed'))).rejects.toThrow(
			/^could not read: the MLmodel file is not valid YAML \(/
		);
		await expect(readMlmodel(blobOf('- a\n- b\n'))).rejects.toThrow(
			'could not read: the MLmodel file is not a YAML mapping'
		);
		await expect(readMlmodel(blobOf('run_id: x\n'))).rejects.toThrow(
			'could not read: the MLmodel file has no flavors'
		);
		await expect(readMlmodel(blobOf("flavors: {}\nsignature:\n  inputs: '[{oops'\n"))).rejects.toThrow(
			'could not read: signature.inputs is not valid JSON'
		);
		await expect(readMlmodel(blobOf(new Uint8Array([0xff, 0xfe, 0x00])))).rejects.toThrow(/not UTF-8 text/);
	});

	it('runs nothing: custom tags are refused, not constructed', async () => {
		await expect(readMlmodel(blobOf('flavors: !!js/function "function () { return 1 }"\n'))).rejects.toThrow(
			/not valid YAML/
		);
		await expect(readMlmodel(blobOf('flavors: !!python/object:os.system {}\n'))).rejects.toThrow(
			/not valid YAML/
		);
	});

	it('refuses a "billion laughs" YAML bomb before building it', async () => {
		const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
		for (let n = 1; n < 9; n++) {
			const name = String.fromCharCode(97 + n);
			const previous = String.fromCharCode(96 + n);
			levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
		}
		const bomb = `${levels.join('\n')}\nflavors: {python_function: {x: *i}}\n`;
		const started = performance.now();
		await expect(readMlmodel(blobOf(bomb))).rejects.toThrow(/not valid YAML \(aliases exceeded maxAliases/);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('refuses an MLmodel file over 1 MiB without reading it', async () => {
		await expect(readMlmodel(blobOf('#'.repeat(1024 * 1024 + 1)))).rejects.toThrow(
			'could not read: the MLmodel file is 1.0 MiB; at most 1.0 MiB is read'
		);
	});
});
