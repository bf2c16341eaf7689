/**
 * What a version's model files say, through the worker's api (`readModel`, `inspectFiles`) on IndexedDB
 * (fake-indexeddb), from the committed fixture files: the files go in as a registration stores them and come
 * back out of the database by ranges.
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FileReading, MlmodelSummary, OnnxSummary } from '$lib/formats';
import type { FileInput } from '$lib/registry/types';
import { openApi } from './open-api';

const MODELS = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));

/** A fixture folder's files as a folder picker gives them: each by its path inside the folder. */
async function folder(name: string): Promise<FileInput[]> {
	const names = (await readdir(MODELS + name)).sort();
	return Promise.all(
		names.map(async (path) => ({ path, content: new Blob([await readFile(`${MODELS}${name}/${path}`)]) }))
	);
}

async function fixtureBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
	return Uint8Array.from(await readFile(MODELS + path));
}

function summaryOf<F extends FileReading['format']>(readings: FileReading[], path: string, format: F) {
	const reading = readings.find((file) => file.path === path);
	expect(reading).toMatchObject({ path, format });
	if (!reading || !('summary' in reading))
		throw new Error(`${path} was not read: ${JSON.stringify(reading)}`);
	return reading.summary;
}

describe('reading model files in the worker', () => {
	it('reads a registered MLflow folder: the sklearn flavor, the signature, sklearn suggested', async () => {
		const api = openApi();
		await api.register({ name: 'iris', version: '1.0.0', files: await folder('mlflow-sklearn') });

		const reading = await api.readModel('iris', '1.0.0');
		expect(reading.suggestedFramework).toBe('sklearn');
		// Only the files a reader knows are listed: model.pkl is never opened (nothing is unpickled).
		expect(reading.files.map((file) => file.path)).toEqual(['MLmodel']);
		const mlmodel = summaryOf(reading.files, 'MLmodel', 'mlmodel') as MlmodelSummary;
		expect(Object.keys(mlmodel.flavors).sort()).toEqual(['python_function', 'sklearn']);
		expect(mlmodel.flavors.sklearn).toMatchObject({ serialization_format: 'cloudpickle' });
		expect(mlmodel.signature?.inputs).toEqual(
			['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'].map((name) => ({
				kind: 'column',
				name,
				type: 'double',
				required: true
			}))
		);
		expect(mlmodel.signature?.outputs).toEqual([{ kind: 'tensor', dtype: 'int64', shape: [-1] }]);
		// The example the MLmodel names is read from the stored folder too.
		expect(mlmodel.inputExample?.value).toMatchObject({
			columns: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']
		});
	});

	it('reads a version once: a second look gives the same reading', async () => {
		const api = openApi();
		await api.register({ name: 'iris', version: '1.0.0', files: await folder('mlflow-sklearn') });
		const first = await api.readModel('iris', '1.0.0');
		// Kept by the files' content: the very same object, not a second reading of the files.
		expect(await api.readModel('iris', '1.0.0')).toBe(first);
		// Another version with the same files shares the reading; it depends on the bytes alone.
		await api.register({ name: 'iris', version: '1.0.1', files: await folder('mlflow-sklearn') });
		expect(await api.readModel('iris', '1.0.1')).toBe(first);
	});

	it('inspects files before they are registered, as the register form does', async () => {
		const api = openApi();
		const reading = await api.inspectFiles(await folder('mlflow-sklearn'));
		expect(reading.suggestedFramework).toBe('sklearn');
		expect(reading.files.map((file) => [file.path, file.format])).toEqual([['MLmodel', 'mlmodel']]);

		const onnx = await api.inspectFiles([
			{ path: 'model.onnx', content: new Blob([await fixtureBytes('onnx/model.onnx')]) }
		]);
		expect(onnx.suggestedFramework).toBe('onnx');
		const graph = summaryOf(onnx.files, 'model.onnx', 'onnx') as OnnxSummary;
		expect(graph.inputs[0]).toEqual({ name: 'features', type: 'float', shape: ['batch', 4] });
		expect((await api.listModels()).total).toBe(0);
	});

	it('gives a truncated or garbled file its reason and still reads the others', async () => {
		const api = openApi();
		const onnx = await fixtureBytes('onnx/model.onnx');
		const weights = await fixtureBytes('safetensors-single/model.safetensors');
		const garbled = weights.slice();
		// The header's length prefix now claims far more than the file holds.
		garbled.set([0xff, 0xff, 0xff, 0x7f], 0);
		const files: FileInput[] = [
			...(await folder('mlflow-sklearn')),
			{ path: 'graph/model.onnx', content: new Blob([onnx.subarray(0, onnx.length / 2)]) },
			{ path: 'weights/model.safetensors', content: new Blob([garbled]) },
			{ path: 'weights/good.safetensors', content: new Blob([weights]) }
		];
		await api.register({ name: 'mixed', version: '1.0.0', files });

		const reading = await api.readModel('mixed', '1.0.0');
		const byPath = Object.fromEntries(reading.files.map((file) => [file.path, file]));
		expect(byPath['graph/model.onnx']).toMatchObject({
			format: 'onnx',
			error: expect.stringMatching(/^could not read: /)
		});
		expect(byPath['weights/model.safetensors']).toMatchObject({
			format: 'safetensors',
			error: expect.stringMatching(/^could not read: /)
		});
		expect(summaryOf(reading.files, 'weights/good.safetensors', 'safetensors')).toMatchObject({
			tensorCount: 4,
			parameterCount: 51
		});
		expect(summaryOf(reading.files, 'MLmodel', 'mlmodel')).toHaveProperty('flavors.sklearn');
		// The MLmodel still decides the framework, though other files failed.
		expect(reading.suggestedFramework).toBe('sklearn');
	});

	it('says a version that does not exist is not found', async () => {
		const api = openApi();
		await expect(api.readModel('nobody', '1.0.0')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
