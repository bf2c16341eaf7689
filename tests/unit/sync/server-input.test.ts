import { describe, expect, it } from 'vitest';
import { RegistryError } from '$lib';
import { checkServerAuth, checkServerUrl } from '$lib/sync/server-input';

/** The field and rule a refused input is reported under. */
function refusal(check: () => unknown): { field: unknown; rule: unknown } {
	try {
		check();
	} catch (error) {
		if (RegistryError.is(error, 'INVALID_INPUT'))
			return { field: error.details.field, rule: error.details.rule };
		throw error;
	}
	throw new Error('expected a refusal');
}

describe('an MLflow server address', () => {
	it('is kept as its origin and path, without a trailing slash', () => {
		expect(checkServerUrl(' http://127.0.0.1:5000/ ')).toBe('http://127.0.0.1:5000');
		expect(checkServerUrl('https://ml.example.com/mlflow/')).toBe('https://ml.example.com/mlflow');
	});

	it('is refused, naming the rule, when it is not an http(s) address of a server', () => {
		expect(refusal(() => checkServerUrl('127.0.0.1:5000'))).toEqual({ field: 'url', rule: 'url' });
		expect(refusal(() => checkServerUrl('localhost:5000'))).toEqual({ field: 'url', rule: 'http' });
		expect(refusal(() => checkServerUrl('mlflow'))).toEqual({ field: 'url', rule: 'url' });
		expect(refusal(() => checkServerUrl('ftp://host/'))).toEqual({ field: 'url', rule: 'http' });
		expect(refusal(() => checkServerUrl('http://me:secret@host/'))).toEqual({
			field: 'url',
			rule: 'no-credentials'
		});
		expect(refusal(() => checkServerUrl('http://host/?x=1'))).toEqual({ field: 'url', rule: 'no-query' });
	});
});

describe('an MLflow sign-in', () => {
	it('keeps what was filled in, and treats none as none', () => {
		expect(checkServerAuth(undefined)).toBeUndefined();
		expect(checkServerAuth({ kind: 'token', token: ' abc ' })).toEqual({ kind: 'token', token: 'abc' });
		expect(checkServerAuth({ kind: 'basic', username: ' ada ', password: ' pw ' })).toEqual({
			kind: 'basic',
			username: 'ada',
			password: ' pw '
		});
	});

	it('names the empty field of a half-filled sign-in', () => {
		expect(refusal(() => checkServerAuth({ kind: 'token', token: ' ' }))).toEqual({
			field: 'token',
			rule: 'required'
		});
		expect(refusal(() => checkServerAuth({ kind: 'basic', username: '', password: 'x' }))).toEqual({
			field: 'username',
			rule: 'required'
		});
		expect(refusal(() => checkServerAuth({ kind: 'basic', username: 'ada', password: '' }))).toEqual({
			field: 'password',
			rule: 'required'
		});
	});
});
