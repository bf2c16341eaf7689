/**
 * What a person types to add an MLflow server, checked before it is kept: the URL is where the
 * tracking server answers, and credentials go in their own fields, never in the URL (it is shown,
 * and it is kept on every pulled version as `mlflow.server`).
 */
import { invalidInput } from '../registry/errors';
import type { MlflowAuth } from './types';

export interface ServerInput {
	url: string;
	auth?: MlflowAuth;
}

/** The URL without a trailing slash, query or fragment; http or https, no user name or password in it. */
export function checkServerUrl(raw: string): string {
	const text = raw.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw invalidInput(
			'url',
			'url',
			'enter the full address of the MLflow server, starting with http:// or https:// (e.g. http://127.0.0.1:5000).'
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw invalidInput(
			'url',
			'http',
			`the address must start with http:// or https://, not ${url.protocol}//.`
		);
	}
	if (url.username || url.password) {
		throw invalidInput(
			'url',
			'no-credentials',
			'put the user name and password in their own fields, not in the address: the address is shown and kept on pulled versions.'
		);
	}
	if (url.search || url.hash) {
		throw invalidInput('url', 'no-query', 'the address of the server has no "?" or "#" part.');
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Empty credentials are no credentials; half-filled ones are refused, naming the empty field. */
export function checkServerAuth(auth: MlflowAuth | undefined): MlflowAuth | undefined {
	if (!auth) return undefined;
	if (auth.kind === 'token') {
		const token = auth.token.trim();
		if (!token) throw invalidInput('token', 'required', 'enter the access token, or choose "No sign-in".');
		return { kind: 'token', token };
	}
	if (!auth.username.trim()) throw invalidInput('username', 'required', 'enter the user name.');
	if (!auth.password) throw invalidInput('password', 'required', 'enter the password.');
	return { kind: 'basic', username: auth.username.trim(), password: auth.password };
}

export function checkServerInput(input: ServerInput): ServerInput {
	return { url: checkServerUrl(input.url), auth: checkServerAuth(input.auth) };
}
