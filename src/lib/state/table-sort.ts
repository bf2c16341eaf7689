/**
 * A version table's sort as a person sees it — a column and a direction — and as the address keeps
 * it (`sort=registered-asc`, `sort=metric:val_loss-desc`). Columns are `model`, `version`, `stage`,
 * `registered`, or `metric:` and a metric's name.
 */
import { directionOf, type MetricDirection } from '../registry';
import { FORBIDDEN_KEYS, MAX_METRIC_KEY_CHARS } from '../registry/validate-basics';

export interface TableSort {
	column: string;
	descending: boolean;
}

const METRIC_PREFIX = 'metric:';

export const metricColumn = (metric: string) => `${METRIC_PREFIX}${metric}`;

/** The metric a column shows, if it is a metric's column. */
export const metricOfColumn = (column: string): string | undefined =>
	column.startsWith(METRIC_PREFIX) ? column.slice(METRIC_PREFIX.length) : undefined;

/** A name the registry would take as a metric key: one typed into an address may be anything. */
export function isMetricName(name: string): boolean {
	return name.trim() !== '' && [...name].length <= MAX_METRIC_KEY_CHARS && !FORBIDDEN_KEYS.has(name);
}

export const sortParam = (sort: TableSort) => `${sort.column}-${sort.descending ? 'desc' : 'asc'}`;

/**
 * The sort an address names, if it names a valid one: one of `columns`, or any metric's column
 * when `metrics` is true; anything else is `fallback`.
 */
export function parseSort(
	value: string | null,
	columns: readonly string[],
	metrics: boolean,
	fallback: TableSort
): TableSort {
	const match = /^(.+)-(asc|desc)$/s.exec(value ?? '');
	if (!match) return fallback;
	const [, column = '', direction] = match;
	const metric = metricOfColumn(column);
	const valid = metric === undefined ? columns.includes(column) : metrics && isMetricName(metric);
	return valid ? { column, descending: direction === 'desc' } : fallback;
}

/**
 * A header clicked: the same column turns round; another starts in its natural direction —
 * highest version and newest first, names A–Z, a metric best first for `directions`.
 */
export function nextSort(
	current: TableSort,
	column: string,
	directions?: Readonly<Record<string, MetricDirection>>
): TableSort {
	if (column === current.column) return { column, descending: !current.descending };
	const metric = metricOfColumn(column);
	if (metric !== undefined) return { column, descending: directionOf(metric, directions) === 'higher' };
	return { column, descending: column === 'version' || column === 'registered' };
}
