/**
 * Pull: MLflow → snapshots our registry imports like a bundle (same preview, same atomic apply). This file
 * fetches — models, versions, runs, files — and from-mlflow.ts maps. A version already here unchanged keeps
 * its files without a download, so pulling an unchanged server again moves no bytes.
 */
import { sha256Hex } from '../registry/artifact';
import { RegistryError } from '../registry/errors';
import { pathProblem, MAX_FILES } from '../registry/file-paths';
import type { ModelSnapshot } from '../registry/transfer';
import type { ArtifactFile, ModelFramework, ModelVersion } from '../registry/types';
import { isModelName } from '../registry/validate-names';
import { readMlmodel } from '../formats/mlmodel';
import type { MlflowClient } from './client';
import { ORIGIN_TAGS } from './conventions';
import {
	frameworkOfFlavors,
	mediaTypeOf,
	snapshotFromMlflow,
	versionStrings,
	type PulledVersion
} from './from-mlflow';
import { SEARCH_PAGE, searchPages } from './search';
import {
	readModelVersion,
	readPage,
	readRegisteredModel,
	readRun,
	Shape,
	type MlflowModelVersion,
	type MlflowRegisteredModel,
	type MlflowRun
} from './mlflow-types';
import type { MlflowServer, PulledModels, PullRequest } from './types';

/** `attributes.run_id IN (…)` of at most this many runs a search, which is also at most a page. */
const RUNS_PER_SEARCH = 100;
/** Versions whose files are fetched at once: enough to hide round trips, few enough not to swamp one server. */
const PARALLEL_VERSIONS = 4;

/** The local version of `model` pulled as `version`, if this registry holds it. */
export type KnownVersion = (model: string, version: string) => Promise<ModelVersion | undefined>;

export interface PullOptions {
	signal?: AbortSignal;
	/** Versions done of all versions to pull (metadata, run and files each), after the versions are listed. */
	onProgress?: (done: number, total: number) => void;
}

/** MLflow's filter syntax quotes a value in single quotes, or double quotes when it holds a single one. */
export const filterValue = (value: string): string => (value.includes("'") ? `"${value}"` : `'${value}'`);

const cancelled = () => new RegistryError('CANCELLED', 'The pull was cancelled; nothing was changed here.');

/** Every registered model on the server, page by page. */
export async function searchRegisteredModels(
	client: MlflowClient,
	signal?: AbortSignal
): Promise<MlflowRegisteredModel[]> {
	const models: MlflowRegisteredModel[] = [];
	const pages = searchPages(
		client,
		'registered-models/search',
		{},
		'registered_models',
		readRegisteredModel,
		signal
	);
	for await (const page of pages) models.push(...page);
	return models;
}

/**
 * A model's versions, pages of SEARCH_PAGE. With a watermark, newest change first, stopping at the first
 * version not changed since: `last_updated_timestamp` can order MLflow's search but not filter it.
 */
export async function searchModelVersions(
	client: MlflowClient,
	model: string,
	since: number | undefined,
	signal?: AbortSignal
): Promise<MlflowModelVersion[]> {
	const versions: MlflowModelVersion[] = [];
	const query = {
		filter: `name=${filterValue(model)}`,
		order_by: since === undefined ? undefined : 'last_updated_timestamp DESC'
	};
	for await (const page of searchPages(
		client,
		'model-versions/search',
		query,
		'model_versions',
		readModelVersion,
		signal
	)) {
		for (const version of page) {
			if (since !== undefined && version.last_updated_timestamp <= since) return versions;
			versions.push(version);
		}
	}
	return versions;
}

/** The experiment of a run whose files are in the artifact proxy's layout `<experiment>/<run>/artifacts`. */
function experimentOf(version: MlflowModelVersion): string | undefined {
	const path = proxyPath(version.source);
	const [experiment, run, artifacts] = path?.split('/') ?? [];
	return run === version.run_id && artifacts === 'artifacts' ? experiment : undefined;
}

/**
 * The versions' runs. `runs/search` takes up to RUNS_PER_SEARCH run ids a call but needs their experiments,
 * which the artifact proxy's paths name; a run whose experiment is not known that way is read alone
 * (`runs/get`). A run the server no longer has leaves its version without metrics and parameters.
 */
async function fetchRuns(
	client: MlflowClient,
	versions: readonly MlflowModelVersion[],
	signal?: AbortSignal
): Promise<Map<string, MlflowRun>> {
	const experiments = new Map<string, string | undefined>();
	for (const version of versions) {
		if (!version.run_id) continue;
		experiments.set(version.run_id, experiments.get(version.run_id) ?? experimentOf(version));
	}
	const runs = new Map<string, MlflowRun>();
	const searchable = [...experiments].filter(([, experiment]) => experiment !== undefined);
	for (let start = 0; start < searchable.length; start += RUNS_PER_SEARCH) {
		const chunk = searchable.slice(start, start + RUNS_PER_SEARCH);
		const endpoint = 'runs/search';
		const answer = await client.post<unknown>(
			endpoint,
			{
				experiment_ids: [...new Set(chunk.map(([, experiment]) => experiment))],
				filter: `attributes.run_id IN (${chunk.map(([run]) => filterValue(run)).join(', ')})`,
				run_view_type: 'ALL',
				max_results: SEARCH_PAGE
			},
			signal
		);
		for (const run of readPage(endpoint, answer, 'runs', readRun).items) runs.set(run.info.run_id, run);
	}
	for (const runId of experiments.keys()) {
		if (runs.has(runId)) continue;
		const run = await client.get<unknown>('runs/get', { run_id: runId }, signal).catch(ifMissing);
		if (run !== undefined) runs.set(runId, readRun(new Shape('runs/get', '', run).at('run')));
	}
	return runs;
}

/** MLflow's "no such thing" (RESOURCE_DOES_NOT_EXIST) becomes "nothing"; every other failure stands. */
function ifMissing(error: unknown): undefined {
	if (RegistryError.is(error, 'REMOTE') && error.details.errorCode === 'RESOURCE_DOES_NOT_EXIST')
		return undefined;
	throw error;
}

/** The artifact proxy's path of an `mlflow-artifacts:` URI (with or without a host), else undefined. */
export function proxyPath(uri: string): string | undefined {
	const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(uri);
	return match ? match[1]!.replace(/\/+$/, '') : undefined;
}

/**
 * Where a version's files are. A `models:/` source only the server can resolve (`get-download-uri`); a
 * `runs:/<run>/<path>` one it may hand back unresolved (3.17 does), so it is resolved here through the run's
 * `artifact_uri`. Any other source is where it says.
 */
async function downloadUri(
	client: MlflowClient,
	version: MlflowModelVersion,
	run: MlflowRun | undefined,
	signal?: AbortSignal
): Promise<string | undefined> {
	let uri = version.source;
	if (/^(runs|models):/.test(uri)) {
		const endpoint = 'model-versions/get-download-uri';
		const answer = await client.get<unknown>(
			endpoint,
			{ name: version.name, version: version.version },
			signal
		);
		uri = new Shape(endpoint, '', answer).at('artifact_uri').string();
	}
	const inRun = /^runs:\/+([^/]+)\/*(.*)$/.exec(uri);
	if (!inRun) return uri;
	const [, runId = '', path = ''] = inRun;
	const artifactUri =
		run?.info.run_id === runId
			? run.info.artifact_uri
			: await client
					.get<unknown>('runs/get', { run_id: runId }, signal)
					.then((answer) => readRun(new Shape('runs/get', '', answer).at('run')).info.artifact_uri);
	return path ? `${artifactUri}/${path}` : artifactUri;
}

/** Every file under `root` in the artifact proxy, with its path relative to `root`. */
async function listFiles(client: MlflowClient, root: string, signal?: AbortSignal): Promise<string[]> {
	const files: string[] = [];
	const folders = [''];
	while (folders.length > 0 && files.length <= MAX_FILES) {
		const folder = folders.shift()!;
		for (const entry of await client.listArtifacts(folder ? `${root}/${folder}` : root, signal)) {
			// The proxy names entries by their own name; taking the last segment also covers servers that give the full path.
			const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
			const path = folder ? `${folder}/${name}` : name;
			(entry.is_dir ? folders : files).push(path);
		}
	}
	return files.sort();
}

interface FetchedFiles {
	files?: ArtifactFile[];
	framework?: ModelFramework;
	blobs: Map<string, Blob>;
	notCarried: string[];
	/** Where the files are when that is outside the artifact proxy (`s3://…`): said once per model, not per version. */
	outside?: string;
}

/** One sentence for all of a model's versions whose files a browser cannot read, however many there are. */
function outsideSentence(model: string, versions: Array<{ version: string; at: string }>): string[] {
	if (versions.length === 0) return [];
	const named = versions.slice(0, 3).map((entry) => entry.version);
	const more = versions.length > named.length ? ` and ${versions.length - named.length} more` : '';
	const which =
		versions.length === 1 ? `${model} ${named[0]} comes` : `${model} ${named.join(', ')}${more} come`;
	return [
		`${which} without files: they are outside the server's artifact proxy (${versions[0]!.at.slice(0, 200)}), where a browser cannot read them.`
	];
}

/** A version's files from the artifact proxy, each downloaded and hashed; its MLmodel names its framework. */
async function fetchFiles(
	client: MlflowClient,
	{ version, run }: PulledVersion,
	where: string,
	signal?: AbortSignal
): Promise<FetchedFiles> {
	const blobs = new Map<string, Blob>();
	const uri = await downloadUri(client, version, run, signal).catch(ifMissing);
	const root = uri === undefined ? undefined : proxyPath(uri);
	if (root === undefined) return { blobs, notCarried: [], outside: uri ?? version.source };
	const listed = await listFiles(client, root, signal).catch((error: unknown) => {
		if (RegistryError.is(error, 'REMOTE') && error.details.status === 503) return 'no-proxy' as const;
		return ifMissing(error);
	});
	if (listed === 'no-proxy') {
		return {
			blobs,
			notCarried: [
				`${where} comes without files: the server does not serve files (it runs with --no-serve-artifacts).`
			]
		};
	}
	// A folder with no files (or none at all) loses nothing: the version has no files there either. Said once
	// per version, it buried the preview's real losses under thousands of lines.
	if (listed === undefined || listed.length === 0) return { blobs, notCarried: [] };
	const notCarried: string[] = [];
	const paths = listed.filter((path) => {
		const problem = pathProblem(path);
		if (problem)
			notCarried.push(`${where}: the file "${path.slice(0, 100)}" is left out: a file path ${problem}`);
		return !problem;
	});
	if (paths.length > MAX_FILES) {
		notCarried.push(`${where}: only the first ${MAX_FILES} files are pulled, the most a version holds here.`);
		paths.length = MAX_FILES;
	}
	const files: ArtifactFile[] = [];
	let framework: ModelFramework | undefined;
	for (const path of paths) {
		const blob = await client.downloadArtifact(`${root}/${path}`, signal);
		const sha256 = await sha256Hex(blob, { signal });
		files.push({ path, sha256, size: blob.size, mediaType: mediaTypeOf(path) });
		blobs.set(sha256, blob);
		if (path === 'MLmodel') framework = await flavorFramework(blob);
	}
	return { files, framework, blobs, notCarried };
}

/** An MLmodel that cannot be read names no framework: the version is still pulled. */
async function flavorFramework(blob: Blob): Promise<ModelFramework | undefined> {
	try {
		return frameworkOfFlavors(Object.keys((await readMlmodel(blob)).flavors));
	} catch {
		return undefined;
	}
}

/** The local version pulled from this server version, unchanged since: its files can be kept as they are. */
function reusable(local: ModelVersion | undefined, version: MlflowModelVersion): local is ModelVersion {
	return (
		local !== undefined &&
		local.tags[ORIGIN_TAGS.version] === version.version &&
		(local.tags[ORIGIN_TAGS.runId] ?? '') === version.run_id &&
		local.updatedAt === new Date(version.last_updated_timestamp).toISOString()
	);
}

/** Runs `work` on every item, `limit` at a time; the first failure stops the rest and is what is thrown. */
async function eachLimited<T>(
	items: readonly T[],
	limit: number,
	work: (item: T, signal: AbortSignal) => Promise<void>,
	outer?: AbortSignal
): Promise<void> {
	const stop = new AbortController();
	const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (next < items.length && !failure) {
			const item = items[next++]!;
			try {
				await work(item, signal);
			} catch (error) {
				failure ??= { error };
				stop.abort();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	if (failure) throw failure.error;
}

interface ModelToPull {
	model: MlflowRegisteredModel;
	versions: PulledVersion[];
	complete: boolean;
}

/**
 * Fetches the chosen models (all, when none are named) for a pull preview. Progress counts versions;
 * a caller's abort rejects with CANCELLED and returns nothing.
 */
export async function pullModels(
	client: MlflowClient,
	server: MlflowServer,
	request: PullRequest,
	known: KnownVersion,
	options: PullOptions = {}
): Promise<PulledModels> {
	const { signal } = options;
	try {
		return await pull(client, server, request, known, options);
	} catch (error) {
		if (signal?.aborted) throw cancelled();
		throw error;
	}
}

/** Phase one: each chosen model, its versions (only the changed ones when asked) and their runs. */
async function listChosen(
	client: MlflowClient,
	server: MlflowServer,
	request: PullRequest,
	notCarried: string[],
	signal?: AbortSignal
): Promise<ModelToPull[]> {
	const names =
		request.models.length > 0
			? [...new Set(request.models)]
			: (await searchRegisteredModels(client, signal)).map((model) => model.name);
	const models: ModelToPull[] = [];
	for (const name of names) {
		if (!isModelName(name)) {
			notCarried.push(
				`The model "${name.slice(0, 140)}" is not pulled: names here are 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.`
			);
			continue;
		}
		const answer = await client.get<unknown>('registered-models/get', { name }, signal).catch(ifMissing);
		if (answer === undefined) {
			notCarried.push(`The model ${name} is not pulled: the server no longer has it.`);
			continue;
		}
		const model = readRegisteredModel(new Shape('registered-models/get', '', answer).at('registered_model'));
		const since = request.onlyChanged ? server.pulled?.[name] : undefined;
		const versions = await searchModelVersions(client, name, since, signal);
		models.push({ model, versions: versions.map((version) => ({ version })), complete: since === undefined });
	}
	const all = models.flatMap((model) => model.versions);
	const runs = await fetchRuns(
		client,
		all.map((entry) => entry.version),
		signal
	);
	for (const entry of all) entry.run = runs.get(entry.version.run_id);
	return models;
}

/**
 * Phase two, for one model: each version's files, reused from the local version when it is unchanged,
 * else downloaded and hashed into `artifacts`. Returns what could not cross, in version order.
 */
async function fetchModelFiles(
	client: MlflowClient,
	{ model, versions }: ModelToPull,
	known: KnownVersion,
	artifacts: Map<string, Blob>,
	progress: () => void,
	signal?: AbortSignal
): Promise<string[]> {
	// The same strings from-mlflow gives, so `known` is asked about the version this pull would write.
	const { strings } = versionStrings(
		model.name,
		versions.map((entry) => entry.version)
	);
	const sentences = new Map<PulledVersion, string[]>();
	const outside = new Map<PulledVersion, string>();
	await eachLimited(
		versions,
		PARALLEL_VERSIONS,
		async (entry, signal) => {
			const string = strings.get(entry.version.version);
			const local = string === undefined ? undefined : await known(model.name, string);
			if (reusable(local, entry.version)) {
				entry.files = local.files;
				entry.framework = local.framework;
				// Said again on every pull, not only the one that first found the files out of reach.
				if (!local.files && !/^(mlflow-artifacts|runs|models):/.test(entry.version.source))
					outside.set(entry, entry.version.source);
			} else if (string !== undefined) {
				const fetched = await fetchFiles(client, entry, `${model.name} ${string}`, signal);
				entry.files = fetched.files;
				entry.framework = fetched.framework;
				for (const [sha256, blob] of fetched.blobs) artifacts.set(sha256, blob);
				sentences.set(entry, fetched.notCarried);
				if (fetched.outside !== undefined) outside.set(entry, fetched.outside);
			}
			progress();
		},
		signal
	);
	// In version order whatever order the parallel fetches finished in, so the list reads the same every time.
	const ordered = [...versions].sort((a, b) => Number(a.version.version) - Number(b.version.version));
	const unreadable = ordered.flatMap((entry) => {
		const at = outside.get(entry);
		const string = strings.get(entry.version.version);
		return at === undefined || string === undefined ? [] : [{ version: string, at }];
	});
	return [
		...ordered.flatMap((entry) => sentences.get(entry) ?? []),
		...outsideSentence(model.name, unreadable)
	];
}

async function pull(
	client: MlflowClient,
	server: MlflowServer,
	request: PullRequest,
	known: KnownVersion,
	{ signal, onProgress }: PullOptions
): Promise<PulledModels> {
	const notCarried: string[] = [];
	const models = await listChosen(client, server, request, notCarried, signal);

	const artifacts = new Map<string, Blob>();
	const total = models.reduce((sum, model) => sum + model.versions.length, 0);
	let done = 0;
	onProgress?.(done, total);
	for (const model of models) {
		const progress = () => onProgress?.(++done, total);
		notCarried.push(...(await fetchModelFiles(client, model, known, artifacts, progress, signal)));
	}
	if (signal?.aborted) throw cancelled();

	const snapshots: ModelSnapshot[] = [];
	const pulled: Record<string, number> = {};
	for (const { model, versions, complete } of models) {
		const mapped = snapshotFromMlflow({ serverUrl: server.url, model, versions, complete });
		snapshots.push(mapped.snapshot);
		notCarried.push(...mapped.notCarried);
		const newest = versions.reduce(
			(max, entry) => Math.max(max, entry.version.last_updated_timestamp),
			server.pulled?.[model.name] ?? -Infinity
		);
		if (Number.isFinite(newest)) pulled[model.name] = newest;
	}
	return { snapshots, artifacts, notCarried, pulled };
}
