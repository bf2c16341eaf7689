/**
 * Which way a metric is better. Without a choice of the person's, a metric's name decides, from the
 * list below; a model may record its own choice per metric (`RegisteredModel.metricDirections`).
 */

export type MetricDirection = 'higher' | 'lower';
export const METRIC_DIRECTIONS: readonly MetricDirection[] = ['higher', 'lower'];

/**
 * Word parts that mark a metric as lower-is-better: errors and losses, costs in time, size and
 * memory, and the usual error-rate abbreviations. A name is split into its word parts at
 * underscores, dashes, dots, spaces, digits and camelCase humps (`val_loss`, `latency_ms`,
 * `inferenceTime`, `p95_latency`), so `rmse` counts while `timeliness` or `accuracy` do not. A part
 * that contains `loss` or `error` also counts (`logloss`, `trainloss`, `errorrate`).
 */
export const LOWER_IS_BETTER_WORDS: ReadonlySet<string> = new Set([
	// errors and losses
	'loss',
	'error',
	'err',
	'mse',
	'rmse',
	'mae',
	'mape',
	'smape',
	'msle',
	'rmsle',
	'nll',
	'brier',
	'perplexity',
	'ppl',
	'wer',
	'cer',
	'ter',
	'fpr',
	'fnr',
	'eer',
	'distance',
	'divergence',
	'kl',
	// costs
	'latency',
	'time',
	'duration',
	'seconds',
	'size',
	'memory',
	'mem',
	'bytes',
	'cost'
]);

/** The word parts of a metric name, in lower case. */
export function metricWords(metric: string): string[] {
	return metric
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z]+/)
		.filter(Boolean);
}

/** The direction a metric's name suggests, from `LOWER_IS_BETTER_WORDS`. */
export function defaultDirection(metric: string): MetricDirection {
	const lower = metricWords(metric).some(
		(word) => LOWER_IS_BETTER_WORDS.has(word) || word.includes('loss') || word.includes('error')
	);
	return lower ? 'lower' : 'higher';
}

/** A metric's direction: the model's own choice where it made one, else the name's default. */
export function directionOf(
	metric: string,
	overrides: Readonly<Record<string, MetricDirection>> = {}
): MetricDirection {
	return Object.hasOwn(overrides, metric) ? (overrides[metric] as MetricDirection) : defaultDirection(metric);
}

/**
 * One direction for a table over several models (a leaderboard across models, a comparison): the
 * direction most of them give the metric, each its own choice else the default; a tie takes the default.
 */
export function majorityDirection(
	metric: string,
	models: ReadonlyArray<{ metricDirections?: Readonly<Record<string, MetricDirection>> } | undefined>
): MetricDirection {
	let lower = 0;
	for (const model of models) lower += directionOf(metric, model?.metricDirections) === 'lower' ? 1 : -1;
	return lower === 0 ? defaultDirection(metric) : lower > 0 ? 'lower' : 'higher';
}
