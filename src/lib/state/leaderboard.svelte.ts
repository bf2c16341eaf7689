import type { MetricDirection } from '../registry';
import { chooseDirection, distinct } from './metric-direction';
import { Query } from './query.svelte';
import { registry } from './registry';

const LEADERBOARD_SIZE = 100;
const CHART_BARS = 20;

/** The leaderboard: versions ranked by a metric, the best of every model or every version of one. */
export class Leaderboard {
	/** The metric a person chose; empty until they choose one. */
	metric = $state('');
	/** A model's name to rank its versions; empty ranks the best version of every model. */
	scope = $state('');
	readonly metrics = new Query(() => registry().knownMetrics());
	readonly models = new Query(() => registry().listModels({ limit: 1000 }));
	// Until a metric is chosen, rank by the first one the registry has (accuracy when present).
	readonly chosen = $derived(
		this.metric || (this.metrics.value?.includes('accuracy') ? 'accuracy' : (this.metrics.value?.[0] ?? ''))
	);
	readonly entries = new Query(() =>
		this.chosen
			? registry().leaderboard(this.chosen, {
					...(this.scope ? { model: this.scope } : { bestPerModel: true }),
					limit: LEADERBOARD_SIZE
				})
			: Promise.resolve([])
	);
	/** Which way the ranking goes: the model's direction, or across models the one most of them give the metric. */
	readonly direction = new Query(() =>
		this.chosen
			? registry().leaderboardDirection(this.chosen, this.scope || undefined)
			: Promise.resolve(undefined)
	);
	/** The entries the chart draws. */
	readonly top = $derived((this.entries.value ?? []).slice(0, CHART_BARS));

	get failure(): unknown {
		return this.metrics.error ?? this.entries.error ?? this.direction.error;
	}

	/** Which way the chosen metric is better: for the model ranked, or for every model on the board. */
	setDirection(direction: MetricDirection): Promise<boolean> {
		const models = this.scope ? [this.scope] : distinct((this.entries.value ?? []).map((e) => e.model));
		return chooseDirection(models, this.chosen, direction);
	}
}
