import { describe, expect, it } from 'vitest';
import { RegistryError } from '$lib';
import { attempt } from '$lib/state/attempt';
import { describeError } from '$lib/state/describe-error';
import { fieldError, rowMessage } from '$lib/state/field-error';
import { notices } from '$lib/state/notices.svelte';
import { registry } from '$lib/state/registry';
import { useRegistryInProcess } from './in-process';

const last = () => notices.list.at(-1);

/** The error the action rejects with, caught by the test instead of attempt(). */
async function errorOf(action: () => Promise<unknown>): Promise<unknown> {
	return action().then(
		() => expect.fail('the action succeeded'),
		(error: unknown) => error
	);
}

describe('attempt()', () => {
	it('turns a failure into an error notice, in the words describeError gives it', async () => {
		useRegistryInProcess();
		const move = () => registry().transitionStage('churn', '1.0.0', 'staging');
		const error = await errorOf(move);

		expect(await attempt(move, { success: 'Moved.' })).toBe(false);
		expect(last()).toMatchObject({ kind: 'error', text: describeError(error) });
		expect(last()?.text).toBe('Version 1.0.0 of model churn does not exist.');
	});

	it('says so when the action succeeded, in the words it is given', async () => {
		useRegistryInProcess();
		await registry().register({ name: 'churn', version: '1.0.0' });

		expect(
			await attempt(() => registry().transitionStage('churn', '1.0.0', 'staging'), {
				success: (version) => `Moved ${version.fullName} to ${version.stage}.`
			})
		).toBe(true);
		expect(last()).toMatchObject({ kind: 'info', text: 'Moved churn:1.0.0 to staging.' });
	});

	it('hands an invalid input to its field instead of a notice, and anything else to a notice', async () => {
		useRegistryInProcess();
		await registry().register({ name: 'churn', version: '1.0.0' });
		const before = notices.list.length;
		const fields: string[] = [];
		const onField = ({ field, message }: { field: string; message: string }) => {
			fields.push(`${field} → ${message}`);
			return true;
		};

		expect(await attempt(() => registry().setAlias('churn', 'latest', '1.0.0'), { onField })).toBe(false);
		expect(fields).toEqual(['alias → "latest" always means the highest version; choose another alias.']);
		expect(notices.list.length).toBe(before);

		expect(await attempt(() => registry().setAlias('churn', 'champion', '9.9.9'), { onField })).toBe(false);
		expect(fields).toHaveLength(1);
		expect(last()).toMatchObject({ kind: 'error', text: 'Version 9.9.9 of model churn does not exist.' });
	});

	it('lets a field decline an error it has no input for: it becomes a notice', async () => {
		const refused = new RegistryError('INVALID_INPUT', 'stage: must be one of …', { field: 'stage' });
		expect(await attempt(() => Promise.reject(refused), { onField: () => false })).toBe(false);
		expect(last()).toMatchObject({ kind: 'error', text: 'stage: must be one of …' });
	});

	it('words a bug as a bug, not as the reason a person did something wrong', async () => {
		expect(await attempt(() => Promise.reject(new TypeError('x is undefined')))).toBe(false);
		expect(last()?.text).toBe(
			'Something went wrong (x is undefined). Nothing was changed. Reload the page and try again.'
		);
	});
});

describe('fieldError()', () => {
	it('reads the field and the rule from an INVALID_INPUT error whose message starts with the field', () => {
		const error = new RegistryError('INVALID_INPUT', 'alias: must start with a letter', { field: 'alias' });
		expect(fieldError(error)).toEqual({ field: 'alias', message: 'Must start with a letter' });
		const row = fieldError(
			new RegistryError('INVALID_INPUT', 'tags.team: must be text', { field: 'tags.team' })
		);
		expect(row && rowMessage(row)).toBe('tags.team: Must be text');
	});

	it('addresses a taken version number to the version field', () => {
		const taken = new RegistryError('DUPLICATE_VERSION', 'Version 1.0.0 of churn already exists.');
		expect(fieldError(taken)).toEqual({ field: 'version', message: taken.message });
	});

	it('is undefined for anything that is not about an input', () => {
		expect(fieldError(new RegistryError('NOT_FOUND', 'gone'))).toBeUndefined();
		expect(fieldError(new RegistryError('INVALID_INPUT', 'no field named'))).toBeUndefined();
		expect(fieldError(new Error('alias: a bug that looks like a rule'))).toBeUndefined();
		expect(fieldError('alias: text')).toBeUndefined();
	});

	it('reads what the real registry refuses', async () => {
		useRegistryInProcess();
		await registry().register({ name: 'churn', version: '1.0.0' });
		const error = await errorOf(() => registry().updateModel('churn', { description: 'x'.repeat(100_001) }));
		expect(fieldError(error)).toMatchObject({
			field: 'description',
			message: expect.stringMatching(/^[A-Z]/)
		});
	});
});
