/**
 * What a push sends: one local version (and its model) as the bodies of MLflow's requests, following
 * conventions.ts, and — one sentence each — what MLflow cannot hold of it. Pure: no server, no clock.
 *
 * Whatever MLflow would refuse (or silently truncate) is left out here, never sent and refused: a push
 * must not fail half-way on a tag key, and the person learns what stayed behind from `notCarried`.
 */
import { RegistryError } from '../registry/errors';
import { parseSemver } from '../registry/semver';
import { STANDARD_METRICS, type ModelVersion, type RegisteredModel } from '../registry/types';
import {
	FRAMEWORK_TAG,
	MODEL_TAG,
	ORIGIN_TAGS,
	RUN_ARTIFACT_FOLDER,
	runName,
	STAGE_TO_MLFLOW,
	VERSION_TAG
} from './conventions';
import type { MlflowMetric, MlflowTag } from './mlflow-types';

/** MLflow's limits (mlflow/utils/validation.py and its database columns), in characters (code points). */
export const MLFLOW_LIMITS = {
	keyChars: 250,
	/** Model registry tag values and descriptions are `VARCHAR(5000)` columns on MySQL and PostgreSQL. */
	valueChars: 5000,
	descriptionChars: 5000,
	/** Longer values are truncated by the server without a word, or refused. */
	paramValueChars: 6000,
	aliasChars: 255,
	/** Per `runs/log-batch` call. */
	batchMetrics: 1000,
	batchParams: 100,
	batchBytes: 1_000_000
} as const;

const chars = (text: string) => [...text].length;

/**
 * Tag, param and metric keys MLflow takes on every server: letters, digits, `_ - . /` and spaces (its `\w`
 * is Unicode's; the colon it allows off Windows is left out, so a key works on any server), and a path that
 * does not resolve to another (no empty, `.` or `..` segment).
 */
export function isMlflowKey(key: string): boolean {
	return (
		/^[\p{L}\p{N}_/.\- ]+$/u.test(key) &&
		chars(key) <= MLFLOW_LIMITS.keyChars &&
		key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
	);
}

/** Alias names MLflow takes: `[\w-]`, not `latest` (any case) nor `v<digits>` (both mean versions). */
export function isMlflowAlias(alias: string): boolean {
	return (
		/^[\p{L}\p{N}_-]+$/u.test(alias) &&
		chars(alias) <= MLFLOW_LIMITS.aliasChars &&
		alias.toLowerCase() !== 'latest' &&
		!/^[vV]\d+$/.test(alias)
	);
}

const isOriginTag = (key: string) => (Object.values(ORIGIN_TAGS) as string[]).includes(key);
const isSendableTag = (key: string, value: string) =>
	isMlflowKey(key) && chars(value) <= MLFLOW_LIMITS.valueChars && !isOriginTag(key);

/** A description MLflow can store: cut to its limit, with `…` showing that it was. */
export function mlflowDescription(description: string): string {
	const points = [...description];
	if (points.length <= MLFLOW_LIMITS.descriptionChars) return description;
	return points.slice(0, MLFLOW_LIMITS.descriptionChars - 1).join('') + '…';
}

const sendableTags = (tags: Record<string, string>): MlflowTag[] =>
	Object.entries(tags)
		.filter(([key, value]) => isSendableTag(key, value))
		.map(([key, value]) => ({ key, value }));

/** `registered-models/create`. */
export function registeredModelBody(model: RegisteredModel): {
	name: string;
	description: string;
	tags: MlflowTag[];
} {
	return {
		name: model.name,
		description: mlflowDescription(model.description),
		tags: sendableTags(model.tags)
	};
}

/** Every metric as MLflow logs it: standard ones under their own names, at the version's creation time. */
export function versionMetrics(version: ModelVersion): MlflowMetric[] {
	const timestamp = Date.parse(version.createdAt);
	const standard = STANDARD_METRICS.flatMap((name) => {
		const value = version.metrics[name];
		return value === undefined ? [] : [{ key: name, value, timestamp, step: 0 }];
	});
	const custom = Object.entries(version.metrics.custom)
		.filter(([key]) => isMlflowKey(key))
		.map(([key, value]) => ({ key, value, timestamp, step: 0 }));
	return [...standard, ...custom];
}

/** A parameter as MLflow keeps it: text as it is, anything else as JSON text. */
const paramText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function versionParams(version: ModelVersion): MlflowTag[] {
	return Object.entries(version.parameters)
		.map(([key, value]) => ({ key, value: paramText(value) }))
		.filter(({ key, value }) => isMlflowKey(key) && chars(value) <= MLFLOW_LIMITS.paramValueChars);
}

/** `runs/create`, but for the experiment's id: its tags make the run findable from the moment it exists. */
export function runBody(model: RegisteredModel, version: ModelVersion) {
	return {
		run_name: runName(model.name, version.version),
		start_time: Date.parse(version.createdAt),
		tags: [
			{ key: VERSION_TAG, value: version.version },
			{ key: MODEL_TAG, value: model.name },
			{ key: FRAMEWORK_TAG, value: version.framework }
		]
	};
}

/** The model version's tags: its own MLflow can take, then ours, which win over a same-named one of its own. */
export function versionTags(version: ModelVersion): MlflowTag[] {
	const ours = { [VERSION_TAG]: version.version, [FRAMEWORK_TAG]: version.framework };
	const own = sendableTags(version.tags).filter(({ key }) => !(key in ours));
	return [...own, ...Object.entries(ours).map(([key, value]) => ({ key, value }))];
}

/** `model-versions/create`, but for the run's id and source, which only the server knows. */
export function modelVersionBody(version: ModelVersion): {
	name: string;
	description: string;
	tags: MlflowTag[];
} {
	return {
		name: version.modelName,
		description: mlflowDescription(version.description),
		tags: versionTags(version)
	};
}

/** MLflow's stage for the version, or undefined when it stays at MLflow's default (`None`). */
export const mlflowStage = (version: ModelVersion): string | undefined =>
	version.stage === 'development' ? undefined : STAGE_TO_MLFLOW[version.stage];

/** The model's aliases that point at this version and MLflow can take. */
export const versionAliases = (model: RegisteredModel, version: ModelVersion): string[] =>
	Object.entries(model.aliases)
		.filter(([alias, target]) => target === version.version && isMlflowAlias(alias))
		.map(([alias]) => alias);

/** `runs/log-batch` bodies (but for the run's id) within MLflow's per-call limits, metrics first. */
export function logBatches(
	metrics: MlflowMetric[],
	params: MlflowTag[]
): Array<{ metrics: MlflowMetric[]; params: MlflowTag[] }> {
	const batches: Array<{ metrics: MlflowMetric[]; params: MlflowTag[] }> = [];
	// Room for the run id and the JSON around the lists.
	const budget = MLFLOW_LIMITS.batchBytes - 1_000;
	let current = { metrics: [] as MlflowMetric[], params: [] as MlflowTag[] };
	let bytes = 0;
	const add = (kind: 'metrics' | 'params', item: MlflowMetric | MlflowTag, limit: number) => {
		const size = new TextEncoder().encode(JSON.stringify(item)).length + 1;
		if (current[kind].length >= limit || bytes + size > budget) {
			batches.push(current);
			current = { metrics: [], params: [] };
			bytes = 0;
		}
		(current[kind] as Array<typeof item>).push(item);
		bytes += size;
	};
	for (const metric of metrics) add('metrics', metric, MLFLOW_LIMITS.batchMetrics);
	for (const param of params) add('params', param, MLFLOW_LIMITS.batchParams);
	if (current.metrics.length > 0 || current.params.length > 0) batches.push(current);
	return batches;
}

/**
 * The path under the artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`) of a version's file:
 * a run's `artifact_uri` is `mlflow-artifacts:/<exp>/<run>/artifacts` (or, naming a host,
 * `mlflow-artifacts://host/<exp>/<run>/artifacts`), and the proxy serves what follows the scheme and host.
 */
export function artifactProxyPath(artifactUri: string, path = ''): string {
	const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*?)\/*$/.exec(artifactUri);
	if (!match) {
		throw new RegistryError(
			'REMOTE',
			`The MLflow server stores run files at ${artifactUri}, which a browser cannot write to. Start it ` +
				'with its artifact proxy (mlflow server --serve-artifacts, the default since MLflow 2) to push files.',
			{ reason: 'server', artifactUri }
		);
	}
	return [match[1], RUN_ARTIFACT_FOLDER, path].filter((part) => part !== '').join('/');
}

/** Quoted for an MLflow search filter. MLflow has no escapes: a value is quoted with the quote it lacks. */
export function filterString(value: string): string {
	if (!value.includes("'")) return `'${value}'`;
	if (!value.includes('"')) return `"${value}"`;
	throw new RegistryError(
		'INVALID_INPUT',
		`"${value}" holds both kinds of quote, which an MLflow search cannot express.`,
		{ rule: 'mlflow-filter' }
	);
}

/** `model-versions/search`: the version of `model` that carries our version string. */
export const versionFilter = (model: string, version: string): string =>
	`name=${filterString(model)} and tags.\`${VERSION_TAG}\` = ${filterString(version)}`;

/** `runs/search` in the model's experiment: the run made for our version. */
export const runFilter = (version: string): string => `tags.\`${VERSION_TAG}\` = ${filterString(version)}`;

const quoteList = (items: string[]) =>
	items.map((item) => `"${item.length > 60 ? item.slice(0, 57) + '…' : item}"`).join(', ');
const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** What of one version MLflow cannot hold, one sentence per kind. */
function versionNotCarried(version: ModelVersion, model: RegisteredModel | undefined): string[] {
	const label = `${version.modelName} ${version.version}`;
	const notes: string[] = [];
	const tags = Object.entries(version.tags);
	const badKeys = tags.filter(([key]) => !isOriginTag(key) && !isMlflowKey(key)).map(([key]) => key);
	if (badKeys.length > 0) {
		notes.push(
			`${label}: ${plural(badKeys.length, 'tag', 'tags')} ${quoteList(badKeys)} ${plural(badKeys.length, 'is', 'are')} not sent: ` +
				`MLflow tag keys are letters, digits, _ - . / and spaces, at most ${MLFLOW_LIMITS.keyChars} characters.`
		);
	}
	const longValues = tags
		.filter(
			([key, value]) => !isOriginTag(key) && isMlflowKey(key) && chars(value) > MLFLOW_LIMITS.valueChars
		)
		.map(([key]) => key);
	if (longValues.length > 0) {
		notes.push(
			`${label}: ${plural(longValues.length, 'tag', 'tags')} ${quoteList(longValues)} ${plural(longValues.length, 'is', 'are')} not sent: ` +
				`MLflow keeps tag values of at most ${MLFLOW_LIMITS.valueChars.toLocaleString('en')} characters.`
		);
	}
	const origin = tags.filter(([key]) => isOriginTag(key)).map(([key]) => key);
	if (origin.length > 0) {
		notes.push(
			`${label}: where it was pulled from (${quoteList(origin)}) is not sent: the server records its own origin.`
		);
	}
	if (chars(version.description) > MLFLOW_LIMITS.descriptionChars) {
		notes.push(
			`${label}: the description is cut to its first ${MLFLOW_LIMITS.descriptionChars.toLocaleString('en')} characters, MLflow's limit.`
		);
	}
	const badMetrics = Object.keys(version.metrics.custom).filter((key) => !isMlflowKey(key));
	if (badMetrics.length > 0) {
		notes.push(
			`${label}: ${plural(badMetrics.length, 'metric', 'metrics')} ${quoteList(badMetrics)} ${plural(badMetrics.length, 'is', 'are')} not sent: ` +
				`MLflow metric names are letters, digits, _ - . / and spaces, at most ${MLFLOW_LIMITS.keyChars} characters.`
		);
	}
	const params = Object.entries(version.parameters).map(([key, value]) => [key, paramText(value)] as const);
	const badParams = params.filter(([key]) => !isMlflowKey(key)).map(([key]) => key);
	if (badParams.length > 0) {
		notes.push(
			`${label}: ${plural(badParams.length, 'parameter', 'parameters')} ${quoteList(badParams)} ${plural(badParams.length, 'is', 'are')} not sent: ` +
				`MLflow parameter names are letters, digits, _ - . / and spaces, at most ${MLFLOW_LIMITS.keyChars} characters.`
		);
	}
	const longParams = params
		.filter(([key, value]) => isMlflowKey(key) && chars(value) > MLFLOW_LIMITS.paramValueChars)
		.map(([key]) => key);
	if (longParams.length > 0) {
		notes.push(
			`${label}: ${plural(longParams.length, 'parameter', 'parameters')} ${quoteList(longParams)} ${plural(longParams.length, 'is', 'are')} not sent: ` +
				`MLflow keeps parameter values of at most ${MLFLOW_LIMITS.paramValueChars.toLocaleString('en')} characters (as JSON text).`
		);
	}
	const badAliases = Object.entries(model?.aliases ?? {})
		.filter(([alias, target]) => target === version.version && !isMlflowAlias(alias))
		.map(([alias]) => alias);
	if (badAliases.length > 0) {
		notes.push(
			`${label}: ${plural(badAliases.length, 'alias', 'aliases')} ${quoteList(badAliases)} ${plural(badAliases.length, 'is', 'are')} not set: ` +
				'MLflow alias names are letters, digits, _ and -, and reserves latest and v<number> for its own versions.'
		);
	}
	return notes;
}

/** What of the model MLflow cannot hold (sent only when the server does not have the model yet). */
function modelNotCarried(model: RegisteredModel): string[] {
	const notes: string[] = [];
	const tags = Object.entries(model.tags);
	const refused = tags
		.filter(([key, value]) => !isSendableTag(key, value) && !isOriginTag(key))
		.map(([key]) => key);
	if (refused.length > 0) {
		notes.push(
			`Model ${model.name}: ${plural(refused.length, 'tag', 'tags')} ${quoteList(refused)} ${plural(refused.length, 'is', 'are')} not sent: ` +
				`MLflow tag keys are letters, digits, _ - . / and spaces (at most ${MLFLOW_LIMITS.keyChars} characters), ` +
				`and values at most ${MLFLOW_LIMITS.valueChars.toLocaleString('en')} characters.`
		);
	}
	if (chars(model.description) > MLFLOW_LIMITS.descriptionChars) {
		notes.push(
			`Model ${model.name}: the description is cut to its first ${MLFLOW_LIMITS.descriptionChars.toLocaleString('en')} characters, MLflow's limit.`
		);
	}
	if (Object.keys(model.metricDirections ?? {}).length > 0) {
		notes.push(
			`Model ${model.name}: which way its metrics are better (${quoteList(Object.keys(model.metricDirections ?? {}))}) stays here: MLflow has no such setting.`
		);
	}
	return notes;
}

/**
 * What MLflow cannot hold of these versions and their models, one sentence each, so nothing is lost
 * silently. General losses come first, said once; then what is left out of particular models and versions.
 */
export function notCarried(versions: ModelVersion[], models: RegisteredModel[]): string[] {
	if (versions.length === 0) return [];
	const modelOf = new Map(models.map((model) => [model.name, model]));
	const notes = [
		'MLflow numbers versions 1, 2, 3… in the order they are pushed; each version’s own number (e.g. 1.2.0) is kept in its model_registry.version tag.',
		'The history of each version — who changed it, its earlier stages and when — stays here: MLflow keeps only the current stage.',
		'Creation times of models and versions become the time of the push on the server (each run keeps the original time as its start).'
	];
	const preReleases = versions.filter(
		(version) => (parseSemver(version.version)?.prerelease.length ?? 0) > 0
	);
	if (preReleases.length > 0) {
		notes.push(
			`Pre-release ${plural(preReleases.length, 'version', 'versions')} ${quoteList(preReleases.map((v) => v.fullName))} ` +
				`${plural(preReleases.length, 'loses its', 'lose their')} SemVer order: MLflow ranks versions only by the order they were pushed in.`
		);
	}
	if (versions.some((version) => (version.files?.length ?? 0) > 0)) {
		notes.push('Each file’s SHA-256 and media type stay here: MLflow keeps the files and their sizes only.');
	}
	if (
		versions.some((version) => Object.values(version.parameters).some((value) => typeof value !== 'string'))
	) {
		notes.push(
			'Parameters that are not text (numbers, lists, objects) are sent as JSON text: MLflow keeps every parameter as a string.'
		);
	}
	const pushedModels = [...new Set(versions.map((version) => version.modelName))];
	for (const name of pushedModels) {
		const model = modelOf.get(name);
		if (model) notes.push(...modelNotCarried(model));
	}
	for (const version of versions) notes.push(...versionNotCarried(version, modelOf.get(version.modelName)));
	return notes;
}
