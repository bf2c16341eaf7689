/**
 * Push: local versions to an MLflow server, in two steps like an import — a plan the person reads, then
 * the push they confirm. Every step first looks for what an earlier, interrupted push left (the model,
 * the experiment, the run and the model version are all found again by name or by our version tag), so
 * pushing again resumes where a push stopped and never makes anything twice.
 */
import { RegistryError } from '../registry/errors';
import type { ModelVersion, RegisteredModel } from '../registry/types';
import type { MlflowClient } from './client';
import { experimentName, ORIGIN_TAGS, RUN_ARTIFACT_FOLDER } from './conventions';
import { readModelVersion, readRun, Shape, type MlflowModelVersion, type MlflowRun } from './mlflow-types';
import {
	artifactProxyPath,
	logBatches,
	mlflowStage,
	modelVersionBody,
	notCarried,
	registeredModelBody,
	runBody,
	runFilter,
	versionAliases,
	versionFilter,
	versionMetrics,
	versionParams
} from './to-mlflow';
import type { PushItem, PushResult } from './types';

export interface PushVersion {
	model: RegisteredModel;
	version: ModelVersion;
	/** The version's files with their bytes, by relative path. */
	files: Array<{ path: string; blob: Blob }>;
}

export interface PushOptions {
	signal?: AbortSignal;
	/**
	 * How far the push is, in one unit for bytes and steps: `total` is the bytes of every file plus
	 * PUSH_STEPS_PER_VERSION per version; a version the server already holds counts as done at once.
	 */
	onProgress?: (done: number, total: number) => void;
}

/** Steps of one version besides its files: model, experiment, run, metrics and params, run finished, model version, stage and aliases. */
export const PUSH_STEPS_PER_VERSION = 7;

const PLAN_SEARCHES_AT_ONCE = 4;

/** The server's version that carries our version string, if any. */
async function taggedModelVersion(
	client: MlflowClient,
	model: string,
	version: string,
	signal?: AbortSignal
): Promise<MlflowModelVersion | undefined> {
	const endpoint = 'model-versions/search';
	// A small page: the default one is 10,000 rows, and one row is all we look for.
	const answer = await client.get<unknown>(
		endpoint,
		{ filter: versionFilter(model, version), max_results: 10 },
		signal
	);
	const found = new Shape(endpoint, '', answer).at('model_versions').list(readModelVersion);
	// Two would mean a push raced another (another tab, the Python package): the first one made counts.
	return found.sort((a, b) => Number(a.version) - Number(b.version))[0];
}

/**
 * A version pulled from this very server is there already, under its MLflow number (ORIGIN_TAGS) rather
 * than our tag: pushing it back would make a copy of it. It counts while the server still has that number
 * for the same run.
 */
async function pulledFromHere(
	client: MlflowClient,
	version: ModelVersion,
	signal?: AbortSignal
): Promise<MlflowModelVersion | undefined> {
	const number = version.tags[ORIGIN_TAGS.version];
	if (version.tags[ORIGIN_TAGS.server] !== client.url || number === undefined) return undefined;
	const endpoint = 'model-versions/get';
	const answer = await unlessMissing(
		client.get<unknown>(endpoint, { name: version.modelName, version: number }, signal)
	);
	if (answer === undefined) return undefined;
	const found = readModelVersion(new Shape(endpoint, '', answer).at('model_version'));
	const runId = version.tags[ORIGIN_TAGS.runId];
	return runId === undefined || runId === found.run_id ? found : undefined;
}

/** The server's copy of this version: pushed before (found by our tag), or pulled from this server. */
async function findModelVersion(
	client: MlflowClient,
	version: ModelVersion,
	signal?: AbortSignal
): Promise<MlflowModelVersion | undefined> {
	return (
		(await taggedModelVersion(client, version.modelName, version.version, signal)) ??
		(await pulledFromHere(client, version, signal))
	);
}

/** Which of these versions the server already holds, and what MLflow cannot hold of the others. */
export async function planPush(
	client: MlflowClient,
	items: Array<{ model: RegisteredModel; version: ModelVersion }>,
	signal?: AbortSignal
): Promise<{ items: PushItem[]; notCarried: string[] }> {
	const planned: PushItem[] = [];
	// A few searches at once hide round trips without swamping the server.
	for (let start = 0; start < items.length; start += PLAN_SEARCHES_AT_ONCE) {
		const some = items.slice(start, start + PLAN_SEARCHES_AT_ONCE);
		const found = await Promise.all(some.map(({ version }) => findModelVersion(client, version, signal)));
		some.forEach(({ model, version }, i) => {
			const remote = found[i];
			planned.push({
				model: model.name,
				version: version.version,
				status: remote ? 'pushed' : 'new',
				...(remote && { remoteVersion: remote.version })
			});
		});
	}
	const toSend = items.filter((_, i) => planned[i]?.status === 'new');
	return {
		items: planned,
		notCarried: notCarried(
			toSend.map((item) => item.version),
			toSend.map((item) => item.model)
		)
	};
}

const errorCode = (error: unknown) =>
	RegistryError.is(error, 'REMOTE') ? (error.details.errorCode as string | undefined) : undefined;

/** `call`, or undefined when the server says the thing does not exist. */
async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
	try {
		return await call;
	} catch (error) {
		if (errorCode(error) === 'RESOURCE_DOES_NOT_EXIST') return undefined;
		throw error;
	}
}

/** `call`; a RESOURCE_ALREADY_EXISTS (another push made it first) counts as done. */
async function unlessExists(call: Promise<unknown>): Promise<void> {
	try {
		await call;
	} catch (error) {
		if (errorCode(error) !== 'RESOURCE_ALREADY_EXISTS') throw error;
	}
}

async function ensureRegisteredModel(client: MlflowClient, model: RegisteredModel, signal?: AbortSignal) {
	const found = await unlessMissing(client.get('registered-models/get', { name: model.name }, signal));
	if (found === undefined)
		await unlessExists(client.post('registered-models/create', registeredModelBody(model), signal));
}

async function experimentByName(client: MlflowClient, name: string, signal?: AbortSignal) {
	const endpoint = 'experiments/get-by-name';
	const answer = await unlessMissing(client.get<unknown>(endpoint, { experiment_name: name }, signal));
	if (answer === undefined) return undefined;
	const experiment = new Shape(endpoint, '', answer).at('experiment');
	return {
		id: experiment.at('experiment_id').string(),
		deleted: experiment.at('lifecycle_stage').optionalString() === 'deleted'
	};
}

/** The id of the model's experiment, made when missing. */
async function ensureExperiment(client: MlflowClient, model: string, signal?: AbortSignal): Promise<string> {
	const name = experimentName(model);
	let experiment = await experimentByName(client, name, signal);
	if (experiment === undefined) {
		await unlessExists(client.post('experiments/create', { name }, signal));
		experiment = await experimentByName(client, name, signal);
	}
	if (experiment === undefined || experiment.deleted) {
		// A deleted experiment keeps its name until it is purged, so it can be neither used nor made again.
		throw new RegistryError(
			'REMOTE',
			`The MLflow experiment ${name} was deleted on the server, and its name stays taken until it is purged. ` +
				'Restore it in MLflow (or purge it with `mlflow gc`), then push again.',
			{ reason: 'server', experiment: name }
		);
	}
	return experiment.id;
}

/** A run and its status; `resumed` when an earlier push made it (so some of its files may be there). */
type PushRun = MlflowRun & { status: string; resumed?: boolean };

const readPushRun = (shape: Shape): PushRun => ({
	...readRun(shape),
	status: shape.at('info').at('status').optionalString()
});

/** The run an earlier push made for this version (a finished one first), else a new one. */
async function ensureRun(
	client: MlflowClient,
	experimentId: string,
	item: PushVersion,
	signal?: AbortSignal
): Promise<PushRun> {
	const endpoint = 'runs/search';
	const answer = await client.post<unknown>(
		endpoint,
		{
			experiment_ids: [experimentId],
			filter: runFilter(item.version.version),
			run_view_type: 'ACTIVE_ONLY',
			max_results: 10
		},
		signal
	);
	const runs = new Shape(endpoint, '', answer).at('runs').list(readPushRun);
	const found = runs.find((run) => run.status === 'FINISHED') ?? runs[0];
	if (found) return { ...found, resumed: true };
	const created = await client.post<unknown>(
		'runs/create',
		{ experiment_id: experimentId, ...runBody(item.model, item.version) },
		signal
	);
	return readPushRun(new Shape('runs/create', '', created).at('run'));
}

/** Files already in a folder of the artifact proxy, by path relative to it, with their sizes. */
async function uploadedFiles(
	client: MlflowClient,
	folder: string,
	signal?: AbortSignal,
	under = ''
): Promise<Map<string, number | undefined>> {
	const found = new Map<string, number | undefined>();
	for (const entry of await client.listArtifacts(under ? `${folder}/${under}` : folder, signal)) {
		// The proxy names entries relative to the folder listed; some servers give the whole path.
		const name = entry.path.split('/').at(-1) ?? entry.path;
		const path = under ? `${under}/${name}` : name;
		if (entry.is_dir)
			for (const nested of await uploadedFiles(client, folder, signal, path)) found.set(...nested);
		else found.set(path, entry.file_size);
	}
	return found;
}

/**
 * The version's metrics and params, then its files; the run is FINISHED only once all of them are there.
 * Logging again is harmless (MLflow keeps one copy of an identical metric, and a param may be logged again
 * with the same value); a file an earlier push uploaded whole (same size) is not sent again.
 */
async function fillRun(
	client: MlflowClient,
	run: PushRun,
	item: PushVersion,
	step: (units: number) => void,
	signal?: AbortSignal
) {
	const runId = run.info.run_id;
	for (const batch of logBatches(versionMetrics(item.version), versionParams(item.version))) {
		await client.post('runs/log-batch', { run_id: runId, ...batch, tags: [] }, signal);
	}
	step(1);
	const there = run.resumed
		? await uploadedFiles(client, artifactProxyPath(run.info.artifact_uri), signal)
		: new Map<string, number | undefined>();
	for (const file of item.files) {
		if (there.get(file.path) !== file.blob.size) {
			await client.uploadArtifact(artifactProxyPath(run.info.artifact_uri, file.path), file.blob, signal);
		}
		step(file.blob.size);
	}
	await client.post('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() }, signal);
	step(1);
}

/**
 * The model version, its stage and its aliases. Made with our version tag in the same call, so it can
 * never exist unrecognised; the stage and aliases follow without the caller's signal, because a version
 * found again is left alone: stopping between these requests would leave it without them for good.
 */
async function createModelVersion(client: MlflowClient, run: PushRun, item: PushVersion) {
	const { model, version } = item;
	const endpoint = 'model-versions/create';
	const answer = await client.post<unknown>(endpoint, {
		...modelVersionBody(version),
		source: `${run.info.artifact_uri.replace(/\/+$/, '')}/${RUN_ARTIFACT_FOLDER}`,
		run_id: run.info.run_id
	});
	const created = readModelVersion(new Shape(endpoint, '', answer).at('model_version'));
	const stage = mlflowStage(version);
	if (stage !== undefined) {
		await client.post('model-versions/transition-stage', {
			name: model.name,
			version: created.version,
			stage,
			// Our registry already keeps at most one version in production; the server's others stay as they are.
			archive_existing_versions: false
		});
	}
	for (const alias of versionAliases(model, version)) {
		await client.post('registered-models/alias', { name: model.name, alias, version: created.version });
	}
}

function stopped(result: PushResult, total: number): RegistryError {
	return new RegistryError(
		'CANCELLED',
		`The push was stopped after ${result.created + result.alreadyThere} of ${total} versions. What was already ` +
			'pushed stays on the server, and a second push resumes where this one stopped without sending anything twice.',
		{ ...result }
	);
}

/** A server's refusal or failure half-way, with what to do about the part already pushed. */
const failedPart = (error: RegistryError, result: PushResult) =>
	new RegistryError(
		'REMOTE',
		`${error.message} What was pushed before this stays on the server; once the problem is fixed, pushing ` +
			'again resumes where this push stopped.',
		{ ...error.details, ...result }
	);

/**
 * Pushes each version the server does not hold yet: its model and experiment (made when missing), a run
 * with its metrics, params and files, then the model version with its stage and aliases. A version the
 * server already holds (found by its `model_registry.version` tag) gets no request that changes anything.
 */
export async function pushVersions(
	client: MlflowClient,
	items: PushVersion[],
	options: PushOptions = {}
): Promise<PushResult> {
	const { signal, onProgress } = options;
	const bytesOf = (item: PushVersion) => item.files.reduce((sum, file) => sum + file.blob.size, 0);
	const total = items.reduce((sum, item) => sum + PUSH_STEPS_PER_VERSION + bytesOf(item), 0);
	let done = 0;
	const step = (units: number) => {
		done += units;
		onProgress?.(done, total);
	};
	const checkpoint = () => {
		if (signal?.aborted) throw new RegistryError('CANCELLED', 'The push was stopped.');
	};
	const result: PushResult = { created: 0, alreadyThere: 0 };
	const modelsReady = new Set<string>();
	const experiments = new Map<string, string>();
	try {
		for (const item of items) {
			const { model, version } = item;
			checkpoint();
			if (await findModelVersion(client, version, signal)) {
				result.alreadyThere += 1;
				step(PUSH_STEPS_PER_VERSION + bytesOf(item));
				continue;
			}
			checkpoint();
			if (!modelsReady.has(model.name)) await ensureRegisteredModel(client, model, signal);
			modelsReady.add(model.name);
			step(1);
			checkpoint();
			const experimentId =
				experiments.get(model.name) ?? (await ensureExperiment(client, model.name, signal));
			experiments.set(model.name, experimentId);
			step(1);
			checkpoint();
			const run = await ensureRun(client, experimentId, item, signal);
			step(1);
			if (run.status === 'FINISHED') step(2 + bytesOf(item));
			else
				await fillRun(
					client,
					run,
					item,
					(units) => {
						step(units);
						checkpoint();
					},
					signal
				);
			checkpoint();
			// Another push (another tab, the Python package) may have made it meanwhile.
			if (await findModelVersion(client, version, signal)) {
				result.alreadyThere += 1;
				step(2);
				continue;
			}
			checkpoint();
			await createModelVersion(client, run, item);
			result.created += 1;
			step(2);
		}
	} catch (error) {
		if (signal?.aborted || RegistryError.is(error, 'CANCELLED')) throw stopped(result, items.length);
		if (RegistryError.is(error, 'REMOTE')) throw failedPart(error, result);
		throw error;
	}
	return result;
}
