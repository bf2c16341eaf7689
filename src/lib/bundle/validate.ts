/**
 * Untrusted manifest → a BundleManifest, or a BUNDLE_INVALID error naming the place and the rule.
 * It reuses the registry's own validators, so a bundle obeys exactly the rules `register` does.
 * The manifest arrives nested by model whichever entry carried it (`manifest.json`, or the lines of
 * `manifest.jsonl` as `assemble-lines.ts` put them together); its source turns a field's path into
 * a place in that entry.
 */
import { invalidInput } from '../registry/errors';
import {
	checkAlias,
	checkMetricDirections,
	checkDescription,
	checkFramework,
	checkJsonValue,
	checkMetrics,
	checkModelName,
	checkParameters,
	checkStage,
	checkTags,
	checkVersion
} from '../registry/validate';
import { checkFilePaths, MAX_FILES, safeFileName } from '../registry/file-paths';
import type { ArtifactFile, JsonValue } from '../registry';
import {
	bundleInvalid,
	inManifest,
	JSON_MANIFEST_SOURCE,
	madeByNewerApp,
	type ManifestSource
} from './errors';
import {
	BUNDLE_FORMAT,
	BUNDLE_FORMAT_VERSION,
	JSON_MANIFEST_FORMAT_VERSION,
	JSON_MANIFEST_NAME,
	LINES_MANIFEST_NAME,
	MAX_BUNDLE_MODELS,
	MAX_BUNDLE_VERSIONS,
	MAX_HISTORY_EVENTS,
	type BundleEvent,
	type BundleManifest,
	type BundleModel,
	type BundleVersion
} from './format';

type Raw = Record<string, unknown>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MAX_TEXT_CHARS = 255;
const MAX_EVENT_KIND_CHARS = 64;
/** An event may carry a whole version (64 KiB of parameters and 64 KiB of description, and more). */
const MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;

function record(path: string, value: unknown): Raw {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidInput(path, 'object', 'must be an object.');
	}
	return value as Raw;
}

/** Strict: a key we do not know is an error, not something to drop silently. */
function only(path: string, value: Raw, allowed: readonly string[]): void {
	for (const key of Object.keys(value)) {
		if (!allowed.includes(key)) {
			throw invalidInput(
				`${path}.${key}`,
				'unknown-field',
				`is not a field of the bundle format (allowed: ${allowed.join(', ')}).`
			);
		}
	}
}

function list(path: string, value: unknown, max: number): unknown[] {
	if (!Array.isArray(value)) throw invalidInput(path, 'array', 'must be a list.');
	if (value.length > max)
		throw invalidInput(path, 'max-items', `has ${value.length} items; the limit is ${max}.`);
	return value;
}

function time(path: string, value: unknown, fallback: string): string {
	if (value === undefined) return fallback;
	if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
		throw invalidInput(path, 'timestamp', 'must be an ISO 8601 timestamp such as 2026-11-26T10:00:00.000Z.');
	}
	return value;
}

function text(path: string, value: unknown, maxChars: number): string {
	if (typeof value !== 'string' || value.length === 0 || [...value].length > maxChars) {
		throw invalidInput(path, 'text', `must be text of 1 to ${maxChars} characters.`);
	}
	return value;
}

/** The content fields every file has, in either format version. */
function content(path: string, raw: Raw): Omit<ArtifactFile, 'path'> {
	if (typeof raw.sha256 !== 'string' || !SHA256.test(raw.sha256)) {
		throw invalidInput(`${path}.sha256`, 'sha256', 'must be 64 lowercase hexadecimal characters.');
	}
	if (!Number.isSafeInteger(raw.size) || (raw.size as number) < 0) {
		throw invalidInput(`${path}.size`, 'size', 'must be a whole number of bytes, 0 or more.');
	}
	return {
		sha256: raw.sha256,
		size: raw.size as number,
		mediaType: text(`${path}.mediaType`, raw.mediaType, MAX_TEXT_CHARS)
	};
}

/** Format 1's one `artifact`, as the folder of one it is now: its filename becomes its path. */
function versionOneArtifact(path: string, value: unknown): ArtifactFile[] {
	const raw = record(path, value);
	only(path, raw, ['sha256', 'size', 'mediaType', 'filename']);
	const filename = text(`${path}.filename`, raw.filename, MAX_TEXT_CHARS);
	if (/[\\/]/.test(filename) || filename === '.' || filename === '..') {
		throw invalidInput(`${path}.filename`, 'filename', 'must be a file name, not a path.');
	}
	// It becomes the path of a folder of one, made fit for one the way the database upgrade makes it: a name
	// the format-1 app kept (`c:model.pkl`) still imports, and matches the same version stored before.
	return [{ path: safeFileName(filename, 'artifact'), ...content(path, raw) }];
}

/** Format 2's `files`: a folder, each path by the rules a registration follows, in path order. */
function files(path: string, value: unknown): ArtifactFile[] {
	const items = list(path, value, MAX_FILES).map((item, i) => {
		const raw = record(`${path}[${i}]`, item);
		only(`${path}[${i}]`, raw, ['path', 'sha256', 'size', 'mediaType']);
		return { path: raw.path as string, ...content(`${path}[${i}]`, raw) };
	});
	if (items.length === 0)
		throw invalidInput(path, 'non-empty', 'must list at least one file, or be left out.');
	checkFilePaths(
		items.map((file) => file.path),
		path
	);
	return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function version(path: string, value: unknown, defaultTime: string, formatVersion: number): BundleVersion {
	const raw = record(path, value);
	only(path, raw, [
		'version',
		'stage',
		'framework',
		'metrics',
		'parameters',
		'tags',
		'description',
		formatVersion === 1 ? 'artifact' : 'files',
		'createdAt',
		'updatedAt'
	]);
	const folder =
		formatVersion === 1
			? raw.artifact === undefined
				? undefined
				: versionOneArtifact(`${path}.artifact`, raw.artifact)
			: raw.files === undefined
				? undefined
				: files(`${path}.files`, raw.files);
	const createdAt = time(`${path}.createdAt`, raw.createdAt, defaultTime);
	return {
		version: checkVersion(raw.version, `${path}.version`),
		stage: raw.stage === undefined ? 'development' : checkStage(raw.stage, `${path}.stage`),
		framework: raw.framework === undefined ? 'custom' : checkFramework(raw.framework, `${path}.framework`),
		metrics: checkMetrics(raw.metrics, `${path}.metrics`),
		parameters: checkParameters(raw.parameters, `${path}.parameters`) as Record<string, JsonValue>,
		tags: checkTags(raw.tags, `${path}.tags`),
		description: checkDescription(raw.description, `${path}.description`),
		...(folder && { files: folder }),
		createdAt,
		updatedAt: time(`${path}.updatedAt`, raw.updatedAt, createdAt)
	};
}

function event(path: string, value: unknown): BundleEvent {
	const raw = record(path, value);
	only(path, raw, ['at', 'kind', 'version', 'before', 'after']);
	const payload = (key: 'before' | 'after') =>
		raw[key] === undefined
			? {}
			: { [key]: checkJsonValue(raw[key], `${path}.${key}`, MAX_EVENT_PAYLOAD_BYTES) };
	return {
		at: time(`${path}.at`, raw.at ?? null, 'required'),
		kind: text(`${path}.kind`, raw.kind, MAX_EVENT_KIND_CHARS),
		...(raw.version !== undefined && { version: checkVersion(raw.version, `${path}.version`) }),
		...payload('before'),
		...payload('after')
	};
}

function model(path: string, value: unknown, defaultTime: string, formatVersion: number): BundleModel {
	const raw = record(path, value);
	only(path, raw, [
		'name',
		'description',
		'tags',
		'createdAt',
		'updatedAt',
		'aliases',
		'metricDirections',
		'versions',
		'history'
	]);
	const name = checkModelName(raw.name, `${path}.name`);
	const versions = list(`${path}.versions`, raw.versions, MAX_BUNDLE_VERSIONS).map((v, i) =>
		version(`${path}.versions[${i}]`, v, defaultTime, formatVersion)
	);
	const seen = new Set<string>();
	versions.forEach((v, i) => {
		if (seen.has(v.version)) {
			throw invalidInput(
				`${path}.versions[${i}].version`,
				'duplicate',
				`${v.version} appears more than once in ${name}.`
			);
		}
		seen.add(v.version);
	});
	const production = versions.filter((v) => v.stage === 'production');
	if (production.length > 1) {
		throw invalidInput(
			`${path}.versions`,
			'one-production',
			`${production.map((v) => v.version).join(' and ')} are all in production; a model has at most one production version.`
		);
	}
	const aliases: Record<string, string> = {};
	for (const [alias, target] of Object.entries(
		raw.aliases === undefined ? {} : record(`${path}.aliases`, raw.aliases)
	)) {
		checkAlias(alias, `${path}.aliases.${alias}`);
		if (typeof target !== 'string' || !seen.has(target)) {
			throw invalidInput(
				`${path}.aliases.${alias}`,
				'version',
				`points at ${String(target)}, which is not a version of ${name} in this bundle.`
			);
		}
		aliases[alias] = target;
	}
	const createdAt = time(`${path}.createdAt`, raw.createdAt, defaultTime);
	return {
		name,
		description: checkDescription(raw.description, `${path}.description`),
		tags: checkTags(raw.tags, `${path}.tags`),
		createdAt,
		updatedAt: time(`${path}.updatedAt`, raw.updatedAt, createdAt),
		aliases,
		// Optional: bundles written before models kept metric directions have none.
		...(raw.metricDirections !== undefined && {
			metricDirections: checkMetricDirections(raw.metricDirections, `${path}.metricDirections`)
		}),
		versions,
		history: list(`${path}.history`, raw.history ?? [], MAX_HISTORY_EVENTS).map((e, i) =>
			event(`${path}.history[${i}]`, e)
		)
	};
}

/**
 * Checks the envelope first, so a file from a newer app gets that message rather than a schema error.
 * `source` says which entry the manifest came from; a format's manifest must be in its own entry.
 */
export function validateManifest(
	raw: unknown,
	now: () => Date = () => new Date(),
	source: ManifestSource = JSON_MANIFEST_SOURCE
): BundleManifest {
	try {
		const manifest = record('manifest', raw);
		if (manifest.format !== BUNDLE_FORMAT) {
			throw bundleInvalid(
				`This is not a model registry bundle: ${source.name} has format ${JSON.stringify(manifest.format ?? null)}, not "${BUNDLE_FORMAT}".`
			);
		}
		const formatVersion = manifest.formatVersion;
		if (!Number.isSafeInteger(formatVersion) || (formatVersion as number) < 1) {
			throw bundleInvalid(`${source.name}: formatVersion must be a whole number, 1 or more.`);
		}
		if ((formatVersion as number) > BUNDLE_FORMAT_VERSION) throw madeByNewerApp(formatVersion as number);
		const inLines = (formatVersion as number) > JSON_MANIFEST_FORMAT_VERSION;
		if (inLines !== (source.name === LINES_MANIFEST_NAME)) {
			throw bundleInvalid(
				inLines
					? `${source.name} says format ${formatVersion}, whose manifest is ${LINES_MANIFEST_NAME}, one line per record; ${JSON_MANIFEST_NAME} holds formats 1 and 2.`
					: `${source.name} says format ${formatVersion}, whose manifest is ${JSON_MANIFEST_NAME}.`
			);
		}
		only('manifest', manifest, ['format', 'formatVersion', 'exportedAt', 'generator', 'models']);
		const exportedAt = time('exportedAt', manifest.exportedAt, now().toISOString());
		const models = list('models', manifest.models, MAX_BUNDLE_MODELS).map((m, i) =>
			model(`models[${i}]`, m, exportedAt, formatVersion as number)
		);
		const names = new Set<string>();
		models.forEach((m, i) => {
			if (names.has(m.name))
				throw invalidInput(`models[${i}].name`, 'duplicate', `${m.name} appears more than once.`);
			names.add(m.name);
		});
		return {
			format: BUNDLE_FORMAT,
			formatVersion: BUNDLE_FORMAT_VERSION,
			exportedAt,
			generator: manifest.generator === undefined ? 'unknown' : text('generator', manifest.generator, 200),
			models
		};
	} catch (error) {
		throw inManifest(error, source);
	}
}
