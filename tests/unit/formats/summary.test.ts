import { describe, expect, it } from 'vitest';
import { readHfConfig, readModelFiles, type ModelFile } from '../../../src/lib/formats';
import { blobOf, fixture, safetensorsHeader } from './sources';

async function folder(prefix: string, names: string[]): Promise<ModelFile[]> {
	return Promise.all(names.map(async (name) => ({ path: name, blob: await fixture(prefix + name) })));
}

describe('Hugging Face config.json', () => {
	it('reads the architecture and sizes', async () => {
		expect(await readHfConfig(await fixture('hf-sharded/config.json'))).toEqual({
			format: 'hf-config',
			architectures: ['LlamaForCausalLM'],
			modelType: 'llama',
			hiddenSize: 8,
			numHiddenLayers: 2,
			numAttentionHeads: 2,
			vocabSize: 32,
			maxPositionEmbeddings: 128,
			torchDtype: 'float32',
			transformersVersion: '4.46.0'
		});
	});

	it('gives a clear error for bad JSON', async () => {
		await expect(readHfConfig(blobOf('{"model_type": '))).rejects.toThrow(
			/^could not read: config\.json is not valid JSON/
		);
		await expect(readHfConfig(blobOf('[]'))).rejects.toThrow(
			'could not read: config.json is not a JSON object'
		);
	});
});

describe('readModelFiles', () => {
	it('reads an MLflow folder and suggests sklearn; files it does not know are left alone', async () => {
		const files = await folder('mlflow-sklearn/', [
			'MLmodel',
			'model.pkl',
			'conda.yaml',
			'python_env.yaml',
			'requirements.txt',
			'input_example.json'
		]);
		const summary = await readModelFiles(files);
		expect(summary.files.map((file) => [file.path, file.format])).toEqual([['MLmodel', 'mlmodel']]);
		expect(summary).toMatchObject({ suggestedFramework: 'sklearn', suggestedBy: 'MLmodel' });
		// The example the MLmodel names is read from beside it and shown as it is.
		const mlmodel = summary.files[0];
		expect(
			mlmodel &&
				'summary' in mlmodel &&
				mlmodel.summary.format === 'mlmodel' &&
				mlmodel.summary.inputExample?.value
		).toEqual({
			columns: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
			data: [
				[5.1, 3.5, 1.4, 0.2],
				[5.4, 3.7, 1.5, 0.2],
				[5.4, 3.4, 1.7, 0.2]
			]
		});
	});

	it('reads a sharded Hugging Face folder (index, shards, config) and suggests pytorch', async () => {
		const files = (
			await folder('hf-sharded/', [
				'config.json',
				'model.safetensors.index.json',
				'model-00001-of-00002.safetensors',
				'model-00002-of-00002.safetensors'
			])
		).map((file) => ({ ...file, path: `weights/${file.path}` }));
		const summary = await readModelFiles(files);
		expect(summary.files.map((file) => [file.path, file.format, 'error' in file])).toEqual([
			['weights/config.json', 'hf-config', false],
			['weights/model.safetensors.index.json', 'safetensors-index', false],
			['weights/model-00001-of-00002.safetensors', 'safetensors', false],
			['weights/model-00002-of-00002.safetensors', 'safetensors', false]
		]);
		const index = summary.files[1];
		expect(
			index &&
				'summary' in index &&
				index.summary.format === 'safetensors-index' &&
				index.summary.parameterCount
		).toBe(1048);
		expect(summary.suggestedFramework).toBe('pytorch');
		// The shards' metadata says "pt", and the index speaks for its shards.
		expect(summary.suggestedBy).toBe('weights/model.safetensors.index.json');
	});

	it('says why an input example is not shown: missing, too large or not JSON', async () => {
		const mlmodel = await fixture('mlflow-sklearn/MLmodel');
		const exampleOf = async (files: ModelFile[]) => {
			const [reading] = (await readModelFiles(files)).files;
			return reading && 'summary' in reading && reading.summary.format === 'mlmodel'
				? reading.summary.inputExample
				: undefined;
		};
		expect(await exampleOf([{ path: 'm/MLmodel', blob: mlmodel }])).toMatchObject({
			notRead: 'input_example.json is not among the files'
		});
		const big = blobOf(`[${'1,'.repeat(40_000)}1]`);
		expect(
			await exampleOf([
				{ path: 'MLmodel', blob: mlmodel },
				{ path: 'input_example.json', blob: big }
			])
		).toMatchObject({
			notRead: 'the example is 78 KiB; at most 64 KiB is shown'
		});
		const bad = blobOf('{"columns": [');
		expect(
			await exampleOf([
				{ path: 'MLmodel', blob: mlmodel },
				{ path: 'input_example.json', blob: bad }
			])
		).toMatchObject({
			notRead: 'the example is not valid JSON'
		});
	});

	it('suggests onnx for an .onnx file, custom for GGUF alone', async () => {
		expect((await readModelFiles(await folder('onnx/', ['model.onnx']))).suggestedFramework).toBe('onnx');
		const gguf = await readModelFiles(await folder('gguf/', ['tiny-llama.gguf']));
		expect(gguf.files[0]).toMatchObject({ format: 'gguf', summary: { architecture: 'llama' } });
		expect(gguf.suggestedFramework).toBe('custom');
		// Nothing decided it, so no file is named.
		expect(gguf.suggestedBy).toBeUndefined();
	});

	it('one unreadable file never hides the others', async () => {
		const files: ModelFile[] = [
			{ path: 'broken.safetensors', blob: blobOf(safetensorsHeader({}, 10_000_000_000n)) },
			{ path: 'model.onnx', blob: blobOf('not a protobuf at all') },
			{ path: 'MLmodel', blob: blobOf('flavors: [') },
			...(await folder('onnx/', ['model.onnx'])).map((file) => ({ ...file, path: 'good/model.onnx' })),
			{ path: 'other/config.json', blob: blobOf('{"learning_rate": 0.1}') }
		];
		const summary = await readModelFiles(files);
		expect(summary.files.map((file) => ('error' in file ? file.error.slice(0, 15) : file.path))).toEqual([
			'could not read:',
			'could not read:',
			'could not read:',
			'good/model.onnx'
		]);
		expect(summary.suggestedFramework).toBe('onnx');
		// What crosses to the page and is stored is plain JSON.
		expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
	});
});
