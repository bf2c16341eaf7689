import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChosenFile } from '$lib/state/chosen-files';
import { RegisterFormState } from '$lib/state/register-form.svelte';
import { useRegistryInProcess } from './in-process';

// import.meta.url is not a file: URL under the runes project's client transform; the tests run from the root.
const MODELS = join(process.cwd(), 'tests/fixtures/models/');

let stop: (() => void) | undefined;
afterEach(() => stop?.());

/** A fixture folder as the folder picker gives it to the form. */
async function picked(name: string): Promise<ChosenFile[]> {
	const names = (await readdir(MODELS + name)).sort();
	return Promise.all(
		names.map(async (path) => ({
			path,
			file: new File([await readFile(`${MODELS}${name}/${path}`)], path)
		}))
	);
}

function openForm(model = ''): RegisterFormState {
	let form!: RegisterFormState;
	stop = $effect.root(() => {
		form = new RegisterFormState(model);
	});
	flushSync();
	return form;
}

describe('the framework the chosen files suggest', () => {
	it("becomes the framework, says which file suggested it, and is not the person's choice", async () => {
		useRegistryInProcess();
		const form = openForm();
		form.chooseFiles(await picked('mlflow-sklearn'));
		await vi.waitFor(() => expect(form.suggestion).toEqual({ framework: 'sklearn', from: 'MLmodel' }));
		flushSync();
		expect(form.values.framework).toBe('sklearn');

		// The person can still change it, and later files do not change it back.
		form.chooseFramework('pytorch');
		form.chooseFiles(await picked('onnx'));
		await vi.waitFor(() => expect(form.suggestion).toEqual({ framework: 'onnx', from: 'model.onnx' }));
		flushSync();
		expect(form.values.framework).toBe('pytorch');
	});

	it('never overwrites a framework the person chose first', async () => {
		useRegistryInProcess();
		const form = openForm();
		form.chooseFramework('tensorflow');
		form.chooseFiles(await picked('mlflow-sklearn'));
		await vi.waitFor(() => expect(form.suggestion?.framework).toBe('sklearn'));
		flushSync();
		expect(form.values.framework).toBe('tensorflow');
	});

	it("goes back to the model's framework when the files are removed", async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0', framework: 'pytorch' });
		const form = openForm('churn');
		await vi.waitFor(() => expect(form.values.framework).toBe('pytorch'));

		form.chooseFiles(await picked('onnx'));
		await vi.waitFor(() => expect(form.values.framework).toBe('onnx'));
		form.chooseFiles([]);
		flushSync();
		expect(form.suggestion).toBeUndefined();
		expect(form.values.framework).toBe('pytorch');
	});

	it('suggests nothing for files of no known framework, and stays quiet when they cannot be read', async () => {
		const api = useRegistryInProcess();
		const inspect = vi.spyOn(api, 'inspectFiles');
		const form = openForm();
		form.chooseFiles([{ path: 'notes.txt', file: new File(['hello'], 'notes.txt') }]);
		await vi.waitFor(() => expect(inspect).toHaveResolved());
		flushSync();
		expect(form.suggestion).toBeUndefined();
		expect(form.suggestionFailed).toBe(false);
		expect(form.values.framework).toBe('custom');

		// A path the registry refuses: no suggestion, a quiet word, and the form still submits to name it.
		form.chooseFiles([{ path: '../MLmodel', file: new File(['flavors: {}'], 'MLmodel') }]);
		await vi.waitFor(() => expect(form.suggestionFailed).toBe(true));
		form.values.name = 'churn';
		form.values.version = '1.0.0';
		expect(await form.submit()).toEqual({ invalid: true });
		expect(form.errors.files).toBeDefined();
	});

	it('keeps only the answer about the files chosen last', async () => {
		const api = useRegistryInProcess();
		const inspect = api.inspectFiles.bind(api);
		// The first inspection answers after the second: a slow folder replaced by a quick one.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		vi.spyOn(api, 'inspectFiles').mockImplementationOnce(async (files) => {
			await held;
			return inspect(files);
		});
		const form = openForm();
		form.chooseFiles(await picked('mlflow-sklearn'));
		form.chooseFiles(await picked('onnx'));
		await vi.waitFor(() => expect(form.suggestion?.framework).toBe('onnx'));
		release();
		await new Promise((resolve) => setTimeout(resolve, 50));
		flushSync();
		expect(form.suggestion?.framework).toBe('onnx');
		expect(form.values.framework).toBe('onnx');
	});
});
