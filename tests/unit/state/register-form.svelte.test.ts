import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notices } from '$lib/state/notices.svelte';
import { RegisterFormState } from '$lib/state/register-form.svelte';
import { useRegistryInProcess } from './in-process';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

/** The register page for `model`, as the route creates it. */
function openForm(model = ''): RegisterFormState {
	let form!: RegisterFormState;
	stop = $effect.root(() => {
		form = new RegisterFormState(model);
	});
	flushSync();
	return form;
}

describe('the register form', () => {
	it('registers a version with its artifact, and says so', async () => {
		const api = useRegistryInProcess();
		const form = openForm('churn');
		form.values.version = '1.0.0';
		form.values.metrics.accuracy = '0.91';
		form.chooseFiles([{ path: 'model.pkl', file: new File([new Uint8Array(1024)], 'model.pkl') }]);

		const submitting = form.submit();
		expect(form.upload?.total).toBe(1024);
		const outcome = await submitting;

		expect(outcome).toMatchObject({ registered: { fullName: 'churn:1.0.0', metrics: { accuracy: 0.91 } } });
		expect(form.upload).toBeUndefined();
		expect(notices.list.at(-1)).toMatchObject({ kind: 'info', text: 'Registered churn:1.0.0.' });
		expect((await api.getVersion('churn', '1.0.0'))?.files).toMatchObject([
			{ path: 'model.pkl', size: 1024 }
		]);
	});

	it('puts a field error from the registry on its field: a version number that is taken', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0' });
		const form = openForm('churn');
		await vi.waitFor(() => expect(form.existing.value?.versionCount).toBe(1));
		expect(form.suggestions).toMatchObject({ patch: '1.0.1' });
		const errors = notices.list.filter((notice) => notice.kind === 'error').length;

		form.values.version = '1.0.0';
		expect(await form.submit()).toEqual({ failed: true });
		expect(form.errors).toEqual({
			version: 'Version 1.0.0 of churn already exists. Choose another version number.'
		});
		expect(notices.list.filter((notice) => notice.kind === 'error')).toHaveLength(errors);
	});

	it('checks every field itself first, and sends nothing while one is wrong', async () => {
		const api = useRegistryInProcess();
		const form = openForm();
		form.values.name = 'my model';
		form.values.version = '1.0';

		expect(await form.submit()).toEqual({ invalid: true });
		expect(Object.keys(form.errors).sort()).toEqual(['name', 'version']);
		expect((await api.listModels()).total).toBe(0);
	});
});
