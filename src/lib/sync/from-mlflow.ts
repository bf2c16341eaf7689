/**
 * MLflow's registered model, versions and runs → our ModelSnapshot, following conventions.ts. Pure: the
 * pull (pull.ts) fetches, this maps. Whatever our registry would refuse is adjusted or left out with one
 * sentence in `notCarried`, so a pull never fails on what a server holds. The mapping is deterministic:
 * pulling an unchanged server twice gives versions `sameVersion` calls equal.
 */
import { parseSemver } from '../registry/semver';
import type { ModelSnapshot } from '../registry/transfer';
import {
	MODEL_FRAMEWORKS,
	STANDARD_METRICS,
	type ArtifactFile,
	type JsonValue,
	type ModelFramework,
	type ModelMetrics,
	type ModelStage,
	type ModelVersion,
	type StandardMetric
} from '../registry/types';
import { DEFAULT_MEDIA_TYPE } from '../registry/artifact';
import { checkAlias } from '../registry/validate-names';
import { checkJsonValue, standardMetricRangeBroken } from '../registry/validate-values';
import {
	charCount,
	checkKey,
	MAX_DESCRIPTION_BYTES,
	MAX_METRIC_KEY_CHARS,
	MAX_PARAMETERS_BYTES,
	MAX_TAG_KEY_CHARS,
	MAX_TAG_VALUE_CHARS,
	utf8Bytes
} from '../registry/validate-basics';
import {
	FRAMEWORK_OF_FLAVOR,
	FRAMEWORK_TAG,
	ORIGIN_TAGS,
	semverOfMlflowNumber,
	STAGE_FROM_MLFLOW,
	VERSION_TAG
} from './conventions';
import type { MlflowModelVersion, MlflowRegisteredModel, MlflowRun, MlflowTag } from './mlflow-types';

/** Our tags that only describe a sync; they are read (VERSION_TAG, FRAMEWORK_TAG), never kept as tags. */
const SYNC_TAG_PREFIX = 'model_registry.';

/** One MLflow version with what the pull fetched for it. */
export interface PulledVersion {
	version: MlflowModelVersion;
	/** Its run, when the server still has it. */
	run?: MlflowRun;
	/** Its files, hashed; absent when the pull could not read them (the pull says why). */
	files?: ArtifactFile[];
	/** The framework its MLmodel file names (or a reused local version had): used when no FRAMEWORK_TAG says. */
	framework?: ModelFramework;
}

export interface PulledModel {
	serverUrl: string;
	model: MlflowRegisteredModel;
	versions: PulledVersion[];
	/** False when only changed versions were fetched: an alias may then name a version not among them. */
	complete: boolean;
}

const iso = (timestamp: number): string => new Date(timestamp).toISOString();
const byNumber = (a: MlflowModelVersion, b: MlflowModelVersion) => Number(a.version) - Number(b.version);
const isSyncTag = (key: string) => key.startsWith(SYNC_TAG_PREFIX);

function tagValue(tags: readonly MlflowTag[], key: string): string | undefined {
	return tags.find((tag) => tag.key === key)?.value;
}

/** Whether `check` accepts the value; our validators throw, and here a refusal only means "leave it out". */
function passes(check: () => unknown): boolean {
	try {
		check();
		return true;
	} catch {
		return false;
	}
}

/** The longest start of `text` that fits `maxBytes` of UTF-8, never cutting a character in two. */
function cutToBytes(text: string, maxBytes: number): string {
	if (utf8Bytes(text) <= maxBytes) return text;
	let kept = '';
	let bytes = 0;
	for (const char of text) {
		bytes += utf8Bytes(char);
		if (bytes > maxBytes) break;
		kept += char;
	}
	return kept;
}

/** Extensions MLflow models and their folders hold, with the type a browser would give a file picked from disk. */
const MEDIA_TYPES: Record<string, string> = {
	json: 'application/json',
	yaml: 'application/yaml',
	yml: 'application/yaml',
	txt: 'text/plain',
	md: 'text/markdown',
	csv: 'text/csv',
	tsv: 'text/tab-separated-values',
	py: 'text/x-python',
	html: 'text/html',
	xml: 'application/xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	svg: 'image/svg+xml',
	zip: 'application/zip',
	gz: 'application/gzip',
	onnx: 'application/octet-stream'
};

/**
 * A pulled file's media type, by its extension: MLflow keeps no media types, and guessing from the name is
 * what a browser does for a file picked from disk. Files without a known extension (MLmodel, model.pkl) are
 * DEFAULT_MEDIA_TYPE, as there.
 */
export function mediaTypeOf(path: string): string {
	const name = path.slice(path.lastIndexOf('/') + 1);
	const dot = name.lastIndexOf('.');
	return (dot > 0 && MEDIA_TYPES[name.slice(dot + 1).toLowerCase()]) || DEFAULT_MEDIA_TYPE;
}

/** The framework of an MLmodel's flavors, in the file's order (python_function, which every model has, names none). */
export function frameworkOfFlavors(flavors: readonly string[]): ModelFramework | undefined {
	for (const flavor of flavors) {
		const framework = FRAMEWORK_OF_FLAVOR[flavor];
		if (framework) return framework;
	}
	return undefined;
}

/**
 * Our version string for each MLflow version number. A version pushed from a registry carries ours in
 * VERSION_TAG and keeps it; the others are `N.0.0`. Tagged versions claim their strings first (in number
 * order), so a number-made string never takes a pushed version's; a second claim to a string is refused.
 */
export function versionStrings(
	model: string,
	versions: readonly MlflowModelVersion[]
): { strings: Map<string, string>; notCarried: string[] } {
	const strings = new Map<string, string>();
	const notCarried: string[] = [];
	const taken = new Set<string>();
	const untagged: MlflowModelVersion[] = [];
	for (const version of [...versions].sort(byNumber)) {
		const tagged = tagValue(version.tags, VERSION_TAG);
		if (tagged === undefined) {
			untagged.push(version);
		} else if (!parseSemver(tagged)) {
			notCarried.push(
				`${model} version ${version.version} carries ${VERSION_TAG} "${tagged.slice(0, 40)}", which is not SemVer: it becomes ${semverOfMlflowNumber(version.version)}.`
			);
			untagged.push(version);
		} else if (taken.has(tagged)) {
			notCarried.push(
				`${model} version ${version.version} carries ${VERSION_TAG} ${tagged}, as an earlier version does: it becomes ${semverOfMlflowNumber(version.version)}.`
			);
			untagged.push(version);
		} else {
			strings.set(version.version, tagged);
			taken.add(tagged);
		}
	}
	for (const version of untagged.sort(byNumber)) {
		const string = semverOfMlflowNumber(version.version);
		if (taken.has(string)) {
			notCarried.push(
				`${model} version ${version.version} is not pulled: ${string}, its version here, is already another version's (${VERSION_TAG}).`
			);
			continue;
		}
		strings.set(version.version, string);
		taken.add(string);
	}
	return { strings, notCarried };
}

/** Tags our registry accepts: sync tags dropped, keys within the rules, values cut to the length allowed. */
function carriedTags(
	tags: readonly MlflowTag[],
	where: string,
	notCarried: string[]
): Record<string, string> {
	const result: Record<string, string> = {};
	for (const { key, value } of [...tags].sort((a, b) => (a.key < b.key ? -1 : 1))) {
		if (isSyncTag(key)) continue;
		if (!passes(() => checkKey('tag', key, MAX_TAG_KEY_CHARS))) {
			notCarried.push(
				`${where}: the tag "${key.slice(0, 60)}" is left out: tag names here are 1 to ${MAX_TAG_KEY_CHARS} characters and not a reserved word.`
			);
			continue;
		}
		if (charCount(value) > MAX_TAG_VALUE_CHARS) {
			notCarried.push(
				`${where}: the tag "${key}" is cut to ${MAX_TAG_VALUE_CHARS} characters, the most a tag holds here.`
			);
			result[key] = [...value].slice(0, MAX_TAG_VALUE_CHARS).join('');
			continue;
		}
		result[key] = value;
	}
	return result;
}

function carriedDescription(description: string, where: string, notCarried: string[]): string {
	const cut = cutToBytes(description, MAX_DESCRIPTION_BYTES);
	if (cut !== description)
		notCarried.push(
			`${where}: the description is cut to ${MAX_DESCRIPTION_BYTES / 1024} KiB, the most kept here.`
		);
	return cut;
}

/** The latest value of each metric (highest step, then latest time), standard names on top, the rest custom. */
function carriedMetrics(run: MlflowRun | undefined, where: string, notCarried: string[]): ModelMetrics {
	const metrics: ModelMetrics = { custom: {} };
	const latest = new Map<string, { value: number; step: number; timestamp: number }>();
	for (const metric of run?.data.metrics ?? []) {
		const seen = latest.get(metric.key);
		if (!seen || metric.step > seen.step || (metric.step === seen.step && metric.timestamp > seen.timestamp))
			latest.set(metric.key, metric);
	}
	for (const [key, { value }] of [...latest].sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (!Number.isFinite(value)) {
			notCarried.push(`${where}: the metric ${key} is ${value}; only finite numbers are kept.`);
			continue;
		}
		const number = value === 0 ? 0 : value;
		if ((STANDARD_METRICS as readonly string[]).includes(key)) {
			const broken = standardMetricRangeBroken(key as StandardMetric, number);
			if (broken) {
				notCarried.push(`${where}: the metric ${key} is ${number}, but ${key} ${broken} here.`);
				continue;
			}
			metrics[key as StandardMetric] = number;
		} else if (passes(() => checkKey('metric', key, MAX_METRIC_KEY_CHARS))) {
			metrics.custom[key] = number;
		} else {
			notCarried.push(
				`${where}: the metric "${key.slice(0, 60)}" is left out: metric names here are 1 to ${MAX_METRIC_KEY_CHARS} characters and not a reserved word.`
			);
		}
	}
	return metrics;
}

/** A parameter as MLflow stores it (text) → the JSON value it spells (number, true, a list…), else the text. */
export function parameterValue(text: string): JsonValue {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return text;
	}
	// A JSON string literal ("\"a\"") stays as written: only numbers, true/false, null, lists and objects become values.
	if (typeof parsed === 'string') return text;
	// Our own JSON rules (finite numbers, no prototype keys, bounded depth) decide; refused means "keep the text".
	try {
		return checkJsonValue(parsed, 'parameter', Infinity);
	} catch {
		return text;
	}
}

function carriedParameters(
	run: MlflowRun | undefined,
	where: string,
	notCarried: string[]
): Record<string, JsonValue> {
	const parameters: Record<string, JsonValue> = {};
	for (const { key, value } of [...(run?.data.params ?? [])].sort((a, b) => (a.key < b.key ? -1 : 1))) {
		if (!passes(() => checkKey('parameter', key, Infinity))) {
			notCarried.push(
				`${where}: the parameter "${key.slice(0, 60)}" is left out: its name is reserved here.`
			);
			continue;
		}
		parameters[key] = parameterValue(value);
	}
	// Over the size limit, the largest go first, so as many parameters as possible are kept.
	const bySize = Object.keys(parameters).sort(
		(a, b) =>
			utf8Bytes(JSON.stringify(parameters[b])) - utf8Bytes(JSON.stringify(parameters[a])) || (a < b ? -1 : 1)
	);
	for (const key of bySize) {
		if (utf8Bytes(JSON.stringify(parameters)) <= MAX_PARAMETERS_BYTES) break;
		delete parameters[key];
		notCarried.push(
			`${where}: the parameter ${key} is left out: the parameters would be over ${MAX_PARAMETERS_BYTES / 1024} KiB, the most kept here.`
		);
	}
	return parameters;
}

function stageOf(version: MlflowModelVersion, where: string, notCarried: string[]): ModelStage {
	const stage = STAGE_FROM_MLFLOW[version.current_stage];
	if (stage) return stage;
	notCarried.push(`${where}: the stage "${version.current_stage}" has no equal here; it is development.`);
	return 'development';
}

/**
 * At most one version is in production here. MLflow allows several; the most recently changed one
 * (then the highest number) keeps it, as our import would decide, and the others are archived.
 */
function oneInProduction(
	model: string,
	versions: ModelVersion[],
	numbers: Map<ModelVersion, MlflowModelVersion>,
	notCarried: string[]
) {
	const production = versions.filter((v) => v.stage === 'production');
	if (production.length < 2) return;
	const newest = (a: ModelVersion, b: ModelVersion) => {
		const [x, y] = [numbers.get(a)!, numbers.get(b)!];
		return y.last_updated_timestamp - x.last_updated_timestamp || Number(y.version) - Number(x.version);
	};
	const [kept, ...others] = production.sort(newest);
	for (const version of others) {
		version.stage = 'archived';
		notCarried.push(
			`${model} ${version.version} is archived here: MLflow has it in Production, but only one version is (${kept!.version}).`
		);
	}
}

function versionOf(
	model: string,
	string: string,
	pulled: PulledVersion,
	serverUrl: string,
	notCarried: string[]
): ModelVersion {
	const { version, run } = pulled;
	const where = `${model} ${string}`;
	const tagged = tagValue(version.tags, FRAMEWORK_TAG);
	const framework =
		tagged && MODEL_FRAMEWORKS.includes(tagged as ModelFramework)
			? (tagged as ModelFramework)
			: (pulled.framework ?? 'custom');
	const tags = carriedTags(version.tags, where, notCarried);
	// Where the version came from, last, so a tag of the same name on the server never hides it.
	Object.assign(tags, {
		[ORIGIN_TAGS.version]: version.version,
		[ORIGIN_TAGS.server]: serverUrl,
		...(version.run_id && { [ORIGIN_TAGS.runId]: version.run_id }),
		...(version.source && {
			[ORIGIN_TAGS.source]: [...version.source].slice(0, MAX_TAG_VALUE_CHARS).join('')
		})
	});
	const files =
		pulled.files && [...pulled.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return {
		modelName: model,
		version: string,
		fullName: `${model}:${string}`,
		stage: stageOf(version, where, notCarried),
		framework,
		metrics: carriedMetrics(run, where, notCarried),
		parameters: carriedParameters(run, where, notCarried),
		tags,
		description: carriedDescription(version.description, where, notCarried),
		...(files && files.length > 0 && { files }),
		createdAt: iso(version.creation_timestamp),
		updatedAt: iso(version.last_updated_timestamp)
	};
}

/** The snapshot of one pulled model, and what of it could not cross. */
export function snapshotFromMlflow(pulled: PulledModel): { snapshot: ModelSnapshot; notCarried: string[] } {
	const { model, serverUrl } = pulled;
	const name = model.name;
	const { strings, notCarried } = versionStrings(
		name,
		pulled.versions.map((v) => v.version)
	);
	const numbers = new Map<ModelVersion, MlflowModelVersion>();
	const versions: ModelVersion[] = [];
	for (const entry of [...pulled.versions].sort((a, b) => byNumber(a.version, b.version))) {
		const string = strings.get(entry.version.version);
		if (string === undefined) continue;
		const version = versionOf(name, string, entry, serverUrl, notCarried);
		numbers.set(version, entry.version);
		versions.push(version);
	}
	oneInProduction(name, versions, numbers, notCarried);

	const aliases: Record<string, string> = {};
	for (const { alias, version } of model.aliases) {
		const string = strings.get(version);
		if (!passes(() => checkAlias(alias))) {
			notCarried.push(
				`${name}: the alias "${alias.slice(0, 60)}" is left out: aliases here are 1 to 64 letters, digits, "_" or "-", starting with a letter, and not "latest".`
			);
		} else if (string !== undefined) {
			aliases[alias] = string;
		} else if (pulled.complete) {
			notCarried.push(`${name}: the alias ${alias} is left out: its version ${version} is not pulled.`);
		}
	}
	return {
		snapshot: {
			model: {
				name,
				description: carriedDescription(model.description, name, notCarried),
				tags: carriedTags(model.tags, name, notCarried),
				createdAt: iso(model.creation_timestamp),
				updatedAt: iso(model.last_updated_timestamp),
				aliases
			},
			versions,
			history: []
		},
		notCarried
	};
}
