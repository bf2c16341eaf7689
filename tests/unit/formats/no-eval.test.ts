import { afterEach, describe, expect, it, vi } from 'vitest';
import { readModelFiles } from '../../../src/lib/formats';
import { fixture } from './sources';

const ALL_FIXTURES = [
	'mlflow-sklearn/MLmodel',
	'mlflow-sklearn/input_example.json',
	'safetensors-single/model.safetensors',
	'hf-sharded/config.json',
	'hf-sharded/model.safetensors.index.json',
	'hf-sharded/model-00001-of-00002.safetensors',
	'hf-sharded/model-00002-of-00002.safetensors',
	'onnx/model.onnx',
	'onnx-external/model.onnx',
	'gguf/tiny-llama.gguf'
];

describe('the readers under the app’s Content-Security-Policy', () => {
	afterEach(() => {
		vi.unstubAllGlobals();
	});

	// The app's policy has no 'unsafe-eval': a reader that compiled code at run time (protobufjs's reflection
	// does, through `Function`) would fail in the browser only. Here it fails in Node too.
	it('read every fixture without compiling code at run time (no eval, no Function)', async () => {
		const files = await Promise.all(ALL_FIXTURES.map(async (path) => ({ path, blob: await fixture(path) })));
		const refuse = (name: string) => () => {
			throw new EvalError(`${name} called: refused by the Content-Security-Policy`);
		};
		vi.stubGlobal('eval', refuse('eval'));
		vi.stubGlobal('Function', refuse('Function'));
		const summary = await readModelFiles(files);
		expect(summary.files.filter((file) => 'error' in file)).toEqual([]);
		expect(summary.files).toHaveLength(9);
	});
});
