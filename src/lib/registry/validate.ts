/**
 * Validation of everything a caller hands the registry. Each check throws an INVALID_INPUT
 * RegistryError naming the field and the rule; nothing is ever silently fixed.
 */
import { invalidInput } from './errors';
import { parseSemver, suggestSemver, MAX_VERSION_LENGTH } from './semver';
import {
	MODEL_FRAMEWORKS,
	MODEL_STAGES,
	STANDARD_METRICS,
	type JsonValue,
	type MetricRange,
	type ModelListQuery,
	type ModelFramework,
	type ModelMetrics,
	type ModelStage,
	type RegisterInput,
	type SearchFilter
} from './types';

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const isModelName = (name: string) => MODEL_NAME.test(name);
const ALIAS_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Keys that would reach an object's prototype when used as a property name. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const MAX_TAG_KEY_CHARS = 128;
export const MAX_TAG_VALUE_CHARS = 4096;
export const MAX_METRIC_KEY_CHARS = 128;
export const MAX_PARAMETERS_BYTES = 64 * 1024;
export const MAX_DESCRIPTION_BYTES = 64 * 1024;
export const MAX_PAGE_LIMIT = 1000;
export const DEFAULT_PAGE_LIMIT = 50;
/** Deeper than any real parameter set; bounds recursion on hostile input. */
const MAX_JSON_DEPTH = 64;

const utf8 = new TextEncoder();
export const utf8Bytes = (text: string) => utf8.encode(text).byteLength;
const charCount = (text: string) => [...text].length;

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number') return String(value);
	return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

export function checkKey(field: string, key: string, maxChars: number): void {
	if (typeof key !== 'string') throw invalidInput(field, 'string', 'must be text.');
	if (FORBIDDEN_KEYS.has(key)) {
		throw invalidInput(field, 'forbidden-key', `"${key}" is not allowed as a key.`);
	}
	if (key.trim() === '') throw invalidInput(field, 'required', 'a key must not be empty.');
	if (charCount(key) > maxChars) {
		throw invalidInput(field, 'max-length', `keys are at most ${maxChars} characters.`);
	}
}

function checkRecord(field: string, value: unknown): Record<string, unknown> {
	if (!isPlainObject(value)) {
		throw invalidInput(field, 'object', `must be an object of key/value pairs, not ${describe(value)}.`);
	}
	return value;
}

export function checkModelName(name: unknown, field = 'name'): string {
	if (typeof name !== 'string' || name === '') {
		throw invalidInput(field, 'required', 'a model name is required.');
	}
	if (!MODEL_NAME.test(name)) {
		throw invalidInput(
			field,
			'pattern',
			`"${name.slice(0, 140)}" is not a valid model name: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.`
		);
	}
	return name;
}

export function checkVersion(version: unknown, field = 'version'): string {
	if (typeof version !== 'string' || version === '') {
		throw invalidInput(field, 'required', 'a version is required (SemVer, e.g. 1.0.0).');
	}
	if (!parseSemver(version)) {
		const suggestion = suggestSemver(version);
		const tooLong = version.length > MAX_VERSION_LENGTH ? ` (at most ${MAX_VERSION_LENGTH} characters)` : '';
		throw invalidInput(
			field,
			'semver',
			`"${version.slice(0, 140)}" is not a valid SemVer 2.0.0 version${tooLong}` +
				(suggestion ? `; did you mean "${suggestion}"?` : '; use MAJOR.MINOR.PATCH, e.g. 1.0.0.'),
			suggestion ? { suggestion } : {}
		);
	}
	return version;
}

export function checkStage(stage: unknown, field = 'stage'): ModelStage {
	if (!MODEL_STAGES.includes(stage as ModelStage)) {
		throw invalidInput(field, 'enum', `must be one of ${MODEL_STAGES.join(', ')}.`);
	}
	return stage as ModelStage;
}

export function checkFramework(framework: unknown, field = 'framework'): ModelFramework {
	if (!MODEL_FRAMEWORKS.includes(framework as ModelFramework)) {
		throw invalidInput(field, 'enum', `must be one of ${MODEL_FRAMEWORKS.join(', ')}.`);
	}
	return framework as ModelFramework;
}

export function checkAlias(alias: unknown, field = 'alias'): string {
	if (typeof alias !== 'string' || !ALIAS_NAME.test(alias)) {
		throw invalidInput(
			field,
			'pattern',
			'an alias is 1 to 64 letters, digits, "_" or "-", starting with a letter (e.g. champion).'
		);
	}
	if (FORBIDDEN_KEYS.has(alias)) throw invalidInput(field, 'forbidden-key', `"${alias}" is not allowed.`);
	if (alias === 'latest') {
		throw invalidInput(field, 'reserved', '"latest" always means the highest version; choose another alias.');
	}
	return alias;
}

function checkFiniteNumber(field: string, value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw invalidInput(field, 'finite-number', `must be a finite number, not ${describe(value)}.`);
	}
	// JSON has no -0: keep it 0, so a value survives a bundle exactly.
	return value === 0 ? 0 : value;
}

export function checkMetrics(metrics: unknown, field = 'metrics'): ModelMetrics {
	const result: ModelMetrics = { custom: {} };
	if (metrics === undefined) return result;
	const record = checkRecord(field, metrics);
	for (const [key, value] of Object.entries(record)) {
		if (key === 'custom') continue;
		if (!(STANDARD_METRICS as readonly string[]).includes(key)) {
			throw invalidInput(
				`${field}.${key}`,
				'unknown-metric',
				`"${key}" is not a standard metric (${STANDARD_METRICS.join(', ')}); put it under ${field}.custom.`
			);
		}
		if (value === undefined) continue;
		(result as unknown as Record<string, number>)[key] = checkFiniteNumber(`${field}.${key}`, value);
	}
	if (record.custom !== undefined) {
		const custom = checkRecord(`${field}.custom`, record.custom);
		for (const [key, value] of Object.entries(custom)) {
			const path = `${field}.custom.${key}`;
			checkKey(path, key, MAX_METRIC_KEY_CHARS);
			if ((STANDARD_METRICS as readonly string[]).includes(key)) {
				throw invalidInput(path, 'standard-metric', `"${key}" is a standard metric; set ${field}.${key}.`);
			}
			result.custom[key] = checkFiniteNumber(path, value);
		}
	}
	return result;
}

export function checkTags(tags: unknown, field = 'tags'): Record<string, string> {
	if (tags === undefined) return {};
	const record = checkRecord(field, tags);
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(record)) {
		const path = `${field}.${key}`;
		checkKey(path, key, MAX_TAG_KEY_CHARS);
		if (typeof value !== 'string') {
			throw invalidInput(path, 'string', `tag values are text, not ${describe(value)}.`);
		}
		if (charCount(value) > MAX_TAG_VALUE_CHARS) {
			throw invalidInput(path, 'max-length', `tag values are at most ${MAX_TAG_VALUE_CHARS} characters.`);
		}
		result[key] = value;
	}
	return result;
}

function checkJson(path: string, value: unknown, depth: number, seen: Set<object>): JsonValue {
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			throw invalidInput(path, 'json', `must be a JSON value; ${value} is not a finite number.`);
		}
		return value === 0 ? 0 : value;
	}
	if (typeof value !== 'object') {
		throw invalidInput(
			path,
			'json',
			`must be a JSON value (text, number, true/false, null, list or object), not ${describe(value)}.`
		);
	}
	if (depth > MAX_JSON_DEPTH)
		throw invalidInput(path, 'max-depth', `nests deeper than ${MAX_JSON_DEPTH} levels.`);
	if (seen.has(value)) throw invalidInput(path, 'json', 'refers to itself; JSON cannot hold cycles.');
	seen.add(value);
	try {
		if (Array.isArray(value))
			return value.map((item, i) => checkJson(`${path}[${i}]`, item, depth + 1, seen));
		if (!isPlainObject(value)) {
			throw invalidInput(
				path,
				'json',
				`must be a JSON value; a ${value.constructor?.name ?? 'special'} object is not.`
			);
		}
		const result: Record<string, JsonValue> = {};
		for (const [key, item] of Object.entries(value)) {
			const itemPath = `${path}.${key}`;
			checkKey(itemPath, key, Infinity);
			result[key] = checkJson(itemPath, item, depth + 1, seen);
		}
		return result;
	} finally {
		seen.delete(value);
	}
}

/** Any JSON value of at most `maxBytes` as UTF-8 JSON, with keys that cannot reach a prototype. */
export function checkJsonValue(value: unknown, field: string, maxBytes: number): JsonValue {
	const result = checkJson(field, value, 0, new Set());
	const bytes = utf8Bytes(JSON.stringify(result));
	if (bytes > maxBytes) {
		throw invalidInput(field, 'max-size', `is ${bytes} bytes as JSON; the limit is ${maxBytes} bytes.`);
	}
	return result;
}

export function checkParameters(parameters: unknown, field = 'parameters'): Record<string, JsonValue> {
	if (parameters === undefined) return {};
	checkRecord(field, parameters);
	const result = checkJson(field, parameters, 0, new Set()) as Record<string, JsonValue>;
	const bytes = utf8Bytes(JSON.stringify(result));
	if (bytes > MAX_PARAMETERS_BYTES) {
		throw invalidInput(
			field,
			'max-size',
			`are ${bytes} bytes as JSON; the limit is ${MAX_PARAMETERS_BYTES} bytes (64 KiB).`
		);
	}
	return result;
}

export function checkDescription(description: unknown, field = 'description'): string {
	if (description === undefined) return '';
	if (typeof description !== 'string') {
		throw invalidInput(field, 'string', `must be text, not ${describe(description)}.`);
	}
	const bytes = utf8Bytes(description);
	if (bytes > MAX_DESCRIPTION_BYTES) {
		throw invalidInput(
			field,
			'max-size',
			`is ${bytes} bytes; the limit is ${MAX_DESCRIPTION_BYTES} bytes (64 KiB).`
		);
	}
	return description;
}

export function checkPage(query: unknown = {}): {
	offset: number;
	limit: number;
} {
	const record = checkRecord('query', query);
	const offset = record.offset ?? 0;
	const limit = record.limit ?? DEFAULT_PAGE_LIMIT;
	if (!Number.isSafeInteger(offset) || (offset as number) < 0) {
		throw invalidInput('offset', 'non-negative-integer', 'must be a whole number, 0 or more.');
	}
	if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_PAGE_LIMIT) {
		throw invalidInput('limit', 'range', `must be a whole number from 1 to ${MAX_PAGE_LIMIT}.`);
	}
	return { offset: offset as number, limit: limit as number };
}

export function checkOneOf<T extends string>(
	field: string,
	value: unknown,
	allowed: readonly T[],
	fallback: T
): T {
	if (value === undefined) return fallback;
	if (!allowed.includes(value as T))
		throw invalidInput(field, 'enum', `must be one of ${allowed.join(', ')}.`);
	return value as T;
}

export interface ValidRegistration {
	name: string;
	version: string;
	framework: ModelFramework;
	metrics: ModelMetrics;
	parameters: Record<string, JsonValue>;
	description: string;
	tags: Record<string, string>;
}

export function checkRegistration(input: RegisterInput): ValidRegistration {
	checkRecord('input', input);
	return {
		name: checkModelName(input.name),
		version: checkVersion(input.version),
		framework: input.framework === undefined ? 'custom' : checkFramework(input.framework),
		metrics: checkMetrics(input.metrics),
		parameters: checkParameters(input.parameters),
		description: checkDescription(input.description),
		tags: checkTags(input.tags)
	};
}

/** A patch may only carry the fields it names, each valid. */
export function checkPatch(patch: unknown): { description?: string; tags?: Record<string, string> } {
	const record = checkRecord('patch', patch);
	for (const key of Object.keys(record)) {
		if (key !== 'description' && key !== 'tags') {
			throw invalidInput(`patch.${key}`, 'unknown-field', 'only description and tags can be changed.');
		}
	}
	return {
		...(record.description !== undefined && { description: checkDescription(record.description) }),
		...(record.tags !== undefined && { tags: checkTags(record.tags) })
	};
}

export function checkSearchFilter(filter: unknown): SearchFilter {
	const record = checkRecord('filter', filter) as SearchFilter;
	const valid: SearchFilter = {};
	if (record.text !== undefined) {
		if (typeof record.text !== 'string') throw invalidInput('text', 'string', 'must be text.');
		valid.text = record.text;
	}
	if (record.model !== undefined) valid.model = checkModelName(record.model, 'model');
	const list = <T>(field: string, value: unknown, check: (item: unknown, path: string) => T): T[] => {
		if (!Array.isArray(value)) throw invalidInput(field, 'array', 'must be a list.');
		return value.map((item, i) => check(item, `${field}[${i}]`));
	};
	if (record.stages !== undefined) valid.stages = list('stages', record.stages, checkStage);
	if (record.frameworks !== undefined)
		valid.frameworks = list('frameworks', record.frameworks, checkFramework);
	if (record.tags !== undefined) valid.tags = checkTags(record.tags);
	if (record.metrics !== undefined) {
		const metrics: Record<string, MetricRange> = {};
		for (const [name, range] of Object.entries(checkRecord('metrics', record.metrics))) {
			const path = `metrics.${name}`;
			checkKey(path, name, MAX_METRIC_KEY_CHARS);
			const { min, max } = checkRecord(path, range);
			if (min !== undefined) checkFiniteNumber(`${path}.min`, min);
			if (max !== undefined) checkFiniteNumber(`${path}.max`, max);
			if (typeof min === 'number' && typeof max === 'number' && min > max) {
				throw invalidInput(path, 'range', `min (${min}) is greater than max (${max}).`);
			}
			metrics[name] = {
				...(min !== undefined && { min: min as number }),
				...(max !== undefined && { max: max as number })
			};
		}
		valid.metrics = metrics;
	}
	return valid;
}

/** A leaderboard query: one model's versions or all, each model's best only or not, how many. */
export function checkLeaderboardQuery(query: unknown = {}): { limit: number } {
	const record = checkRecord('query', query);
	if (record.model !== undefined) checkModelName(record.model, 'model');
	if (record.bestPerModel !== undefined && typeof record.bestPerModel !== 'boolean') {
		throw invalidInput('bestPerModel', 'boolean', 'must be true or false.');
	}
	return checkPage({ limit: record.limit });
}

function checkList(field: string, value: unknown): unknown[] {
	if (value === undefined) return [];
	if (!Array.isArray(value)) throw invalidInput(field, 'array', 'must be a list.');
	return value;
}

/**
 * What to export — model names and model/version pairs — as model → its chosen versions
 * (undefined: all of them). Empty: everything.
 */
export function checkExportSelection(selection: unknown): Map<string, Set<string> | undefined> {
	const record = selection === undefined ? {} : checkRecord('selection', selection);
	const wanted = new Map<string, Set<string> | undefined>();
	checkList('versions', record.versions).forEach((ref, i) => {
		const { model, version } = checkRecord(`versions[${i}]`, ref);
		const name = checkModelName(model, `versions[${i}].model`);
		wanted.set(
			name,
			(wanted.get(name) ?? new Set<string>()).add(checkVersion(version, `versions[${i}].version`))
		);
	});
	checkList('models', record.models).forEach((name, i) => {
		wanted.set(checkModelName(name, `models[${i}]`), undefined);
	});
	return wanted;
}

export function checkModelFilter(query: ModelListQuery): ModelListQuery {
	if (query.text !== undefined && typeof query.text !== 'string')
		throw invalidInput('text', 'string', 'must be text.');
	return {
		...(query.text !== undefined && { text: query.text }),
		...(query.stage !== undefined && { stage: checkStage(query.stage) }),
		...(query.framework !== undefined && { framework: checkFramework(query.framework) })
	};
}
