/**
 * The one place the app talks to an MLflow tracking server. Every way a call can fail — a browser's
 * CORS block, a wrong address, a sign-in refused, a server that is slow or is not MLflow — becomes a
 * RegistryError('REMOTE') whose `details.reason` tells them apart and whose message says what to do;
 * a caller's abort becomes CANCELLED. Callers never see a raw fetch error.
 */
import { RegistryError } from '../registry/errors';
import { readArtifactEntry, Shape, type MlflowArtifactEntry } from './mlflow-types';
import type { MlflowAuth, RemoteFailure } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Uploads get this much time per byte on top of the timeout, so a large file on a slow link is not cut off (1 MB/s). */
const UPLOAD_MS_PER_BYTE = 1 / 1_000;

const API = '/api/2.0/mlflow/';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

export interface MlflowClientOptions {
	fetch?: typeof fetch;
	timeoutMs?: number;
}

/** What one request expects back: JSON (checked), bytes, text, or nothing. */
type Expect = 'json' | 'blob' | 'text' | 'none';

interface Call {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
	url: string;
	/** Named in errors: the REST endpoint or artifact path, without the server. */
	endpoint: string;
	expect: Expect;
	body?: BodyInit;
	contentType?: string;
	signal?: AbortSignal;
	timeoutMs: number;
}

/** `user:password` in UTF-8, base64: `btoa` alone throws on anything outside Latin-1. */
function basicCredentials(username: string, password: string): string {
	const bytes = new TextEncoder().encode(`${username}:${password}`);
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}

function authorization(auth: MlflowAuth | undefined): Record<string, string> {
	if (auth?.kind === 'token') return { Authorization: `Bearer ${auth.token}` };
	if (auth?.kind === 'basic')
		return { Authorization: `Basic ${basicCredentials(auth.username, auth.password)}` };
	return {};
}

/** Artifact paths keep their slashes; each segment is encoded on its own. */
export const encodeArtifactPath = (path: string): string =>
	path
		.split('/')
		.filter((segment) => segment !== '')
		.map(encodeURIComponent)
		.join('/');

/** The origin this page calls from, as the server sees it: `null` for a page opened from disk. */
function pageOrigin(): string {
	const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
	return origin === undefined || origin === '' ? 'null' : origin;
}

function remote(reason: RemoteFailure, message: string, details: Record<string, unknown>): RegistryError {
	return new RegistryError('REMOTE', message, { reason, ...details });
}

const cancelled = () => new RegistryError('CANCELLED', 'The transfer with the MLflow server was cancelled.');

export class MlflowClient {
	readonly url: string;
	private readonly auth: MlflowAuth | undefined;
	private readonly fetcher: typeof fetch;
	private readonly timeoutMs: number;

	constructor(server: { url: string; auth?: MlflowAuth }, options: MlflowClientOptions = {}) {
		this.url = server.url.replace(/\/+$/, '');
		this.auth = server.auth;
		// Bound, so a page's `window.fetch` is not called with the client as `this` (an "Illegal invocation").
		this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
		this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	}

	get<T>(
		endpoint: string,
		query: Record<string, string | number | undefined> = {},
		signal?: AbortSignal
	): Promise<T> {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
		const search = params.toString() ? `?${params}` : '';
		return this.json<T>('GET', endpoint, `${this.url}${API}${endpoint}${search}`, undefined, signal);
	}

	post<T>(endpoint: string, body: unknown, signal?: AbortSignal): Promise<T> {
		return this.json<T>('POST', endpoint, `${this.url}${API}${endpoint}`, body, signal);
	}

	patch<T>(endpoint: string, body: unknown, signal?: AbortSignal): Promise<T> {
		return this.json<T>('PATCH', endpoint, `${this.url}${API}${endpoint}`, body, signal);
	}

	delete<T>(endpoint: string, body: unknown, signal?: AbortSignal): Promise<T> {
		return this.json<T>('DELETE', endpoint, `${this.url}${API}${endpoint}`, body, signal);
	}

	/** What the server says its MLflow version is, e.g. `3.17.2`. */
	async version(signal?: AbortSignal): Promise<string> {
		const text = await this.send<string>({
			method: 'GET',
			url: `${this.url}/version`,
			endpoint: 'version',
			expect: 'text',
			signal,
			timeoutMs: this.timeoutMs
		});
		const version = text.trim();
		// Anything else answering /version (an HTML page, a JSON document) is not an MLflow server.
		if (!/^\d+\.\d+[\w.+-]*$/.test(version)) {
			throw remote(
				'not-mlflow',
				`${this.url}/version did not answer with an MLflow version. Check that the URL is the tracking ` +
					'server’s base address (for example http://localhost:5000), without /api or a page path.',
				{ endpoint: 'version' }
			);
		}
		return version;
	}

	/** One level of the artifact proxy's tree under `path` ('' for its root). */
	async listArtifacts(path: string, signal?: AbortSignal): Promise<MlflowArtifactEntry[]> {
		const endpoint = 'mlflow-artifacts/artifacts';
		const query = new URLSearchParams({ path });
		const answer = await this.send<unknown>({
			method: 'GET',
			url: `${this.url}${ARTIFACTS}?${query}`,
			endpoint,
			expect: 'json',
			signal,
			timeoutMs: this.timeoutMs
		});
		return new Shape(endpoint, '', answer).at('files').list(readArtifactEntry);
	}

	downloadArtifact(path: string, signal?: AbortSignal): Promise<Blob> {
		return this.send<Blob>({
			method: 'GET',
			url: `${this.url}${ARTIFACTS}/${encodeArtifactPath(path)}`,
			endpoint: `mlflow-artifacts/artifacts/${path}`,
			expect: 'blob',
			signal,
			timeoutMs: this.timeoutMs
		});
	}

	async uploadArtifact(path: string, body: Blob, signal?: AbortSignal): Promise<void> {
		await this.send<void>({
			method: 'PUT',
			url: `${this.url}${ARTIFACTS}/${encodeArtifactPath(path)}`,
			endpoint: `mlflow-artifacts/artifacts/${path}`,
			expect: 'none',
			body,
			contentType: 'application/octet-stream',
			signal,
			timeoutMs: this.timeoutMs + body.size * UPLOAD_MS_PER_BYTE
		});
	}

	private json<T>(
		method: Call['method'],
		endpoint: string,
		url: string,
		body: unknown,
		signal?: AbortSignal
	) {
		return this.send<T>({
			method,
			url,
			endpoint,
			expect: 'json',
			body: body === undefined ? undefined : JSON.stringify(body),
			contentType: body === undefined ? undefined : 'application/json',
			signal,
			timeoutMs: this.timeoutMs
		});
	}

	private async send<T>(call: Call): Promise<T> {
		if (call.signal?.aborted) throw cancelled();
		// The timeout covers the answer's headers and, for JSON and text, its body; a download's body
		// may rightly take longer than any fixed time, so only the caller's signal bounds it.
		const timer = new AbortController();
		const timeout = setTimeout(() => timer.abort(), call.timeoutMs);
		const signal = call.signal ? AbortSignal.any([call.signal, timer.signal]) : timer.signal;
		const headers: Record<string, string> = { ...authorization(this.auth) };
		if (call.contentType) headers['Content-Type'] = call.contentType;
		try {
			let response: Response;
			try {
				response = await this.fetcher(call.url, { method: call.method, headers, body: call.body, signal });
			} catch (error) {
				throw await this.fetchFailed(call, error, timer.signal);
			}
			if (call.expect === 'blob') clearTimeout(timeout);
			try {
				return await this.read<T>(call, response);
			} catch (error) {
				if (error instanceof RegistryError) throw error;
				throw (
					this.aborted(call, timer.signal) ??
					remote(
						'unreachable',
						`The connection to ${this.url} broke while reading ${call.endpoint}: try again.`,
						{
							endpoint: call.endpoint
						}
					)
				);
			}
		} finally {
			clearTimeout(timeout);
		}
	}

	/** A caller's abort or our timeout, when either is why the call stopped. */
	private aborted(call: Call, timer: AbortSignal): RegistryError | undefined {
		if (call.signal?.aborted) return cancelled();
		if (timer.aborted) {
			return remote(
				'timeout',
				`The MLflow server at ${this.url} did not answer ${call.endpoint} within ${Math.round(call.timeoutMs / 1000)} s. ` +
					'It may be busy or a proxy may be holding the request: try again, or check the server.',
				{ endpoint: call.endpoint }
			);
		}
		return undefined;
	}

	/**
	 * fetch rejects the same way whether nothing answered or a browser hid the answer for CORS. Asking again
	 * with `no-cors` tells them apart: an (opaque) answer means the server is there but did not allow this origin.
	 */
	private async fetchFailed(call: Call, error: unknown, timer: AbortSignal): Promise<RegistryError> {
		const aborted = this.aborted(call, timer);
		if (aborted) return aborted;
		if (!(error instanceof TypeError)) {
			return remote('unreachable', `Could not reach the MLflow server at ${this.url}: ${String(error)}.`, {
				endpoint: call.endpoint
			});
		}
		// Bounded too: a probe that hangs would otherwise hold the caller forever.
		const probeTimeout = AbortSignal.timeout(call.timeoutMs);
		const probeSignal = call.signal ? AbortSignal.any([call.signal, probeTimeout]) : probeTimeout;
		const answered = await this.fetcher(call.url, { mode: 'no-cors', signal: probeSignal }).then(
			() => true,
			() => false
		);
		if (call.signal?.aborted) return cancelled();
		if (!answered) {
			return remote(
				'unreachable',
				`No server answered at ${this.url}. Check the address and that the MLflow server is running and ` +
					'reachable from this computer.',
				{ endpoint: call.endpoint }
			);
		}
		const origin = pageOrigin();
		const fromDisk =
			origin === 'null'
				? ' This page was opened from a file, so browsers send the origin null: allow it, or open the app from a web address.'
				: '';
		return remote(
			'cors',
			`The MLflow server at ${this.url} is there but does not let pages from ${origin} call it (CORS). ` +
				`Start it with MLflow 3.5 or newer and --cors-allowed-origins '${origin}'.${fromDisk} ` +
				'For a server the browser cannot reach, export it with the Python CLI (mlflow-to-bundle) and import the bundle.',
			{ endpoint: call.endpoint, origin }
		);
	}

	private async read<T>(call: Call, response: Response): Promise<T> {
		const status = response.status;
		const details = { endpoint: call.endpoint, status };
		if (status === 401) {
			throw remote(
				'unauthorized',
				`The MLflow server at ${this.url} refused the sign-in (401). Check the token, or the user name and ` +
					'password, saved for this server.',
				details
			);
		}
		if (status === 403) {
			const origin = pageOrigin();
			throw remote(
				'forbidden',
				`The MLflow server at ${this.url} refused ${call.endpoint} (403). Either the signed-in user lacks ` +
					`permission for it, or — MLflow 3.5 or newer — writes from ${origin} are not allowed: start the ` +
					`server with --cors-allowed-origins '${origin}'.`,
				{ ...details, origin }
			);
		}
		if (!response.ok) throw await this.refused(call, response);
		if (call.expect === 'none') {
			await response.body?.cancel();
			return undefined as T;
		}
		if (call.expect === 'blob') return (await response.blob()) as T;
		if (call.expect === 'text') return (await response.text()) as T;
		if (!isJson(response)) throw this.notMlflow(call, response);
		try {
			return (await response.json()) as T;
		} catch (error) {
			if (error instanceof SyntaxError) throw this.notMlflow(call, response);
			throw error;
		}
	}

	/** A refusal: MLflow's own `{error_code, message}`, else a page from something that is not MLflow. */
	private async refused(call: Call, response: Response): Promise<RegistryError> {
		const status = response.status;
		const body: unknown = isJson(response) ? await response.json().catch(() => undefined) : undefined;
		if (typeof body === 'object' && body !== null && 'error_code' in body) {
			const { error_code: errorCode, message } = body as { error_code: unknown; message?: unknown };
			return remote(
				'server',
				`The MLflow server refused ${call.endpoint}: ${typeof message === 'string' && message ? message : String(errorCode)}`,
				{ endpoint: call.endpoint, status, errorCode: String(errorCode) }
			);
		}
		await response.body?.cancel().catch(() => undefined);
		// A 5xx page is most often MLflow itself (or its proxy) failing, not a wrong address.
		if (status >= 500) {
			return remote(
				'server',
				`The MLflow server at ${this.url} failed on ${call.endpoint} (HTTP ${status}). Try again; if it ` +
					'keeps failing, its log says why.',
				{ endpoint: call.endpoint, status }
			);
		}
		return this.notMlflow(call, response);
	}

	private notMlflow(call: Call, response: Response): RegistryError {
		const type = response.headers.get('content-type') ?? 'no content type';
		return remote(
			'not-mlflow',
			`${this.url} answered ${call.endpoint} with something that is not MLflow's API (HTTP ${response.status}, ` +
				`${type}). Check that the URL is the tracking server's base address (for example ` +
				'http://localhost:5000), without /api or a page path.',
			{ endpoint: call.endpoint, status: response.status }
		);
	}
}

function isJson(response: Response): boolean {
	return /^application\/([\w.+-]+\+)?json\b/i.test(response.headers.get('content-type') ?? '');
}
