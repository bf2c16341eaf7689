/** Checks of what a caller asks for: pages, orders, search filters, leaderboards, export selections. */
import { invalidInput } from './errors';
import { isMetricOrder, SEARCH_ORDERS, VERSION_LIST_ORDERS } from './order';
import type { MetricRange, ModelListQuery, SearchFilter, SearchOrder, VersionListOrder } from './types';
import {
	checkFiniteNumber,
	checkKey,
	checkRecord,
	DEFAULT_PAGE_LIMIT,
	MAX_METRIC_KEY_CHARS,
	MAX_PAGE_LIMIT
} from './validate-basics';
import { checkFramework, checkModelName, checkStage, checkVersion } from './validate-names';
import { checkTags } from './validate-values';

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

/** How many of the newest history events to read: a whole number, or all of them. */
export function checkNewest(newest: unknown): number {
	const count = newest ?? Infinity;
	if (count !== Infinity && (!Number.isSafeInteger(count) || (count as number) < 1))
		throw invalidInput('newest', 'positive-integer', 'must be a whole number, 1 or more.');
	return count as number;
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

/**
 * An order and the metric it sorts by: a `metric-*` order needs one, named as a metric key; any
 * other order ignores it.
 */
function checkOrderMetric(order: string, metric: unknown): string | undefined {
	if (!isMetricOrder(order)) return undefined;
	if (metric === undefined) throw invalidInput('metric', 'required', `must be given to order by ${order}.`);
	checkKey('metric', metric as string, MAX_METRIC_KEY_CHARS);
	return metric as string;
}

/** The order of one model's versions, and the metric a `metric-*` order sorts by. */
export function checkVersionListOrder(query: unknown = {}): { order: VersionListOrder; metric?: string } {
	const record = checkRecord('query', query);
	const order = checkOneOf('order', record.order, VERSION_LIST_ORDERS, 'semver-desc');
	const metric = checkOrderMetric(order, record.metric);
	return { order, ...(metric !== undefined && { metric }) };
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
	const order: SearchOrder = checkOneOf('order', record.order, SEARCH_ORDERS, 'model-asc');
	if (order !== 'model-asc') valid.order = order;
	const metric = checkOrderMetric(order, record.metric);
	if (metric !== undefined) valid.metric = metric;
	if (record.countUpTo !== undefined) {
		const bound = record.countUpTo;
		if (typeof bound !== 'number' || !Number.isSafeInteger(bound) || bound < 0)
			throw invalidInput('countUpTo', 'non-negative-integer', 'must be a whole number, 0 or more.');
		valid.countUpTo = bound;
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
