import type { MetricDirection } from '../registry';
import { attempt } from './attempt';
import { registry } from './registry';

/**
 * A person says which way `metric` is better, for each of `models`: one write per model, each kept
 * in its history and announced to every tab, so every page that ranks by it reads it again.
 */
export function chooseDirection(
	models: readonly string[],
	metric: string,
	direction: MetricDirection
): Promise<boolean> {
	return attempt(() =>
		Promise.all(models.map((model) => registry().setMetricDirection(model, metric, direction)))
	);
}

/** The same for every model that has `metric`, however many, in one write. */
export function chooseDirectionEverywhere(metric: string, direction: MetricDirection): Promise<boolean> {
	return attempt(() => registry().setMetricDirectionEverywhere(metric, direction));
}

/** Each name once, in first-seen order. */
export const distinct = (names: readonly string[]): string[] =>
	names.filter((n, i) => names.indexOf(n) === i);
