/**
 * The validators of a manifest's parts — a version, a history event, a model's own fields, the
 * header's fields — and the rules a model's versions keep together (`ModelRules`). Both readers share
 * them: `validate.ts`, which checks a `manifest.json` read whole, and `line-parts.ts`, which checks
 * `manifest.jsonl` one line at a time. Each is given the field's path in the nested manifest
 * (`models[0].versions[3]`), so its error names the same field whichever way the manifest came.
 *
 * They reuse the registry's own validators, so a bundle obeys exactly the rules `register` does.
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
import type { BundleEvent, BundleModelFields, BundleVersion } from './format';

type Raw = Record<string, unknown>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MAX_TEXT_CHARS = 255;
const MAX_EVENT_KIND_CHARS = 64;
/** An event may carry a whole version (64 KiB of parameters and 64 KiB of description, and more). */
const MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;
/** A model's fields in either manifest; `manifest.jsonl`'s structure check refuses the last two on a model line. */
export const MODEL_FIELDS = [
	'name',
	'description',
	'tags',
	'createdAt',
	'updatedAt',
	'aliases',
	'metricDirections',
	'versions',
	'history'
] as const;

export function record(path: string, value: unknown): Raw {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidInput(path, 'object', 'must be an object.');
	}
	return value as Raw;
}

/** Strict: a key we do not know is an error, not something to drop silently. */
export function only(path: string, value: Raw, allowed: readonly string[]): void {
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

export function list(path: string, value: unknown, max: number): unknown[] {
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

/** The manifest's `exportedAt`, or `now` for a manifest without one: every record's default time. */
export function exportedAt(header: Raw, now: () => Date): string {
	return time('exportedAt', header.exportedAt, now().toISOString());
}

export function generator(header: Raw): string {
	return header.generator === undefined ? 'unknown' : text('generator', header.generator, 200);
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

export function version(
	path: string,
	value: unknown,
	defaultTime: string,
	formatVersion: number
): BundleVersion {
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

export function event(path: string, value: unknown): BundleEvent {
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

const notAVersion = (path: string, alias: string, target: unknown, model: string) =>
	invalidInput(
		`${path}.aliases.${alias}`,
		'version',
		`points at ${String(target)}, which is not a version of ${model} in this bundle.`
	);

/**
 * A model's aliases: each name by the registry's rule, each pointing at a version string — one of
 * `known`'s, when the model's versions are already known; otherwise `ModelRules.checkAliases` checks
 * that once they are.
 */
export function aliases(
	path: string,
	value: unknown,
	model: string,
	known?: { has(version: string): boolean }
): Record<string, string> {
	const checked: Record<string, string> = {};
	for (const [alias, target] of Object.entries(value === undefined ? {} : record(`${path}.aliases`, value))) {
		checkAlias(alias, `${path}.aliases.${alias}`);
		if (typeof target !== 'string' || (known && !known.has(target))) {
			throw notAVersion(path, alias, target, model);
		}
		checked[alias] = target;
	}
	return checked;
}

/** A model's own fields but its name and aliases, in the order the checks have always run. */
export function ownFields(
	path: string,
	raw: Raw,
	defaultTime: string
): Omit<BundleModelFields, 'name' | 'aliases'> {
	const createdAt = time(`${path}.createdAt`, raw.createdAt, defaultTime);
	return {
		description: checkDescription(raw.description, `${path}.description`),
		tags: checkTags(raw.tags, `${path}.tags`),
		createdAt,
		updatedAt: time(`${path}.updatedAt`, raw.updatedAt, createdAt),
		// Optional: bundles written before models kept metric directions have none.
		...(raw.metricDirections !== undefined && {
			metricDirections: checkMetricDirections(raw.metricDirections, `${path}.metricDirections`)
		})
	};
}

/** A model line's fields, before any of its versions is known: its aliases' targets wait for `ModelRules`. */
export function modelFields(path: string, value: unknown, defaultTime: string): BundleModelFields {
	const raw = record(path, value);
	only(path, raw, MODEL_FIELDS);
	const name = checkModelName(raw.name, `${path}.name`);
	const checkedAliases = aliases(path, raw.aliases, name);
	return { name, ...ownFields(path, raw, defaultTime), aliases: checkedAliases };
}

/** The second model of a name in one bundle (`path` is that model's). */
export const duplicateModel = (path: string, name: string) =>
	invalidInput(`${path}.name`, 'duplicate', `${name} appears more than once.`);

/**
 * What a model's versions must be together: each version string once, at most one in production,
 * and every alias naming one of them. Fed one version at a time, it keeps only their version
 * strings, so a model of a million versions is checked without its versions being held.
 */
export class ModelRules {
	private readonly versions = new Set<string>();
	private readonly production: string[] = [];

	constructor(
		/** The model's path in the nested manifest, `models[2]`. */
		private readonly path: string,
		private readonly name: string
	) {}

	has(version: string): boolean {
		return this.versions.has(version);
	}

	/** The model's `index`th version: refused if an earlier one has its version string. */
	add(version: BundleVersion, index: number): void {
		if (this.versions.has(version.version)) {
			throw invalidInput(
				`${this.path}.versions[${index}].version`,
				'duplicate',
				`${version.version} appears more than once in ${this.name}.`
			);
		}
		this.versions.add(version.version);
		if (version.stage === 'production') this.production.push(version.version);
	}

	/** Once every version is in: at most one of them is in production. */
	checkProduction(): void {
		if (this.production.length > 1) {
			throw invalidInput(
				`${this.path}.versions`,
				'one-production',
				`${this.production.join(' and ')} are all in production; a model has at most one production version.`
			);
		}
	}

	/** Once every version is in: each alias points at one of them. */
	checkAliases(aliases: Record<string, string>): void {
		for (const [alias, target] of Object.entries(aliases)) {
			if (!this.versions.has(target)) throw notAVersion(this.path, alias, target, this.name);
		}
	}
}
