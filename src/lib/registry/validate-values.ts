/** Checks of what a version carries: metrics, tags, parameters (any JSON) and description. */
import { METRIC_DIRECTIONS, type MetricDirection } from './direction';
import { invalidInput } from './errors';
import { STANDARD_METRICS, type JsonValue, type ModelMetrics, type StandardMetric } from './types';
import {
	charCount,
	checkFiniteNumber,
	checkKey,
	checkRecord,
	describeValue,
	isPlainObject,
	MAX_DESCRIPTION_BYTES,
	MAX_METRIC_KEY_CHARS,
	MAX_PARAMETERS_BYTES,
	MAX_TAG_KEY_CHARS,
	MAX_TAG_VALUE_CHARS,
	utf8Bytes
} from './validate-basics';

/** Deeper than any real parameter set; bounds recursion on hostile input. */
const MAX_JSON_DEPTH = 64;

/**
 * What each standard metric can be by its definition: a ratio lies in [0, 1], an error is never
 * negative. Without these, accuracy 1.5 or MSE −3 would top every leaderboard. Custom metrics stay free.
 */
export const STANDARD_METRIC_RANGES: Record<StandardMetric, { min: number; max?: number }> = {
	accuracy: { min: 0, max: 1 },
	precision: { min: 0, max: 1 },
	recall: { min: 0, max: 1 },
	f1Score: { min: 0, max: 1 },
	aucRoc: { min: 0, max: 1 },
	mse: { min: 0 },
	mae: { min: 0 }
};

/** The range `value` breaks, in words ("must be between 0 and 1"), or undefined when it is within it. */
export function standardMetricRangeBroken(metric: StandardMetric, value: number): string | undefined {
	const { min, max } = STANDARD_METRIC_RANGES[metric];
	if (max !== undefined && (value < min || value > max)) return `must be between ${min} and ${max}`;
	if (value < min) return `must be ${min} or more`;
	return undefined;
}

function checkStandardMetric(field: string, metric: StandardMetric, value: unknown): number {
	const number = checkFiniteNumber(field, value);
	const broken = standardMetricRangeBroken(metric, number);
	if (broken) throw invalidInput(field, 'range', `${broken}, not ${number}.`);
	return number;
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
		result[key as StandardMetric] = checkStandardMetric(`${field}.${key}`, key as StandardMetric, value);
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

/** A metric's direction: one of the two words. */
export function checkDirection(direction: unknown, field = 'direction'): MetricDirection {
	if (!METRIC_DIRECTIONS.includes(direction as MetricDirection)) {
		throw invalidInput(
			field,
			'enum',
			`must be ${METRIC_DIRECTIONS.join(' or ')}, not ${typeof direction === 'string' ? JSON.stringify(direction.slice(0, 40)) : describeValue(direction)}.`
		);
	}
	return direction as MetricDirection;
}

/** A model's metric directions (metric → 'higher' | 'lower'); metric names follow the custom metrics' rules. */
export function checkMetricDirections(
	value: unknown,
	field = 'metricDirections'
): Record<string, MetricDirection> {
	const result: Record<string, MetricDirection> = {};
	for (const [metric, direction] of Object.entries(checkRecord(field, value))) {
		checkKey(`${field}.${metric}`, metric, MAX_METRIC_KEY_CHARS);
		result[metric] = checkDirection(direction, `${field}.${metric}`);
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
			throw invalidInput(path, 'string', `tag values are text, not ${describeValue(value)}.`);
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
			`must be a JSON value (text, number, true/false, null, list or object), not ${describeValue(value)}.`
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
		throw invalidInput(field, 'string', `must be text, not ${describeValue(description)}.`);
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
