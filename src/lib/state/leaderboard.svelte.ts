import type { MetricDirection } from '../registry';
import type { AddressState } from './address';
import { chooseDirection, chooseDirectionEverywhere } from './metric-direction';
import { Query } from './query.svelte';
import { registry } from './registry';

const LEADERBOARD_SIZE = 100;
const CHART_BARS = 20;
/** The models the scope can name; as many as the page lists to choose from. */
const MODEL_CHOICES = 1000;

/** The leaderboard: versions ranked by a metric, the best of every model or every version of one. */
export class Leaderboard implements AddressState {
	/** The metric a person chose (or an address named); empty until they choose one. */
	metric = $state('');
	/** A model's name, as chosen or named by an address; empty ranks the best version of every model. */
	#scope = $state('');
	readonly metrics = new Query(() => registry().knownMetrics());
	readonly models = new Query(() => registry().listModels({ limit: MODEL_CHOICES }));
	/** The metric asked for, when the registry has no version with it: the board ranks by another. */
	readonly unknownMetric = $derived(
		this.metric && this.metrics.value && !this.metrics.value.includes(this.metric) ? this.metric : ''
	);
	/** The model asked for, when the registry has none by that name: the board ranks every model. */
	readonly unknownModel = $derived(
		this.#scope && this.models.value && !this.models.value.items.some((m) => m.name === this.#scope)
			? this.#scope
			: ''
	);
	// Until a metric is chosen, or when the one chosen is not there, rank by the first one the
	// registry has (accuracy when present).
	readonly chosen = $derived(
		this.metric && !this.unknownMetric && this.metrics.value
			? this.metric
			: this.metrics.value?.includes('accuracy')
				? 'accuracy'
				: (this.metrics.value?.[0] ?? '')
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

	/**
	 * The model ranked: only one the registry has. An address may name any model (or none that is
	 * left), so until the list of models is read, and for a name not in it, the board ranks them all.
	 */
	get scope(): string {
		return this.models.value && !this.unknownModel ? this.#scope : '';
	}

	set scope(name: string) {
		this.#scope = name;
	}

	/** What was asked for, kept as asked even when it is not there: the page says so rather than drop it. */
	get address(): Record<string, string> {
		return {
			...(this.metric && { metric: this.metric }),
			...(this.#scope && { model: this.#scope })
		};
	}

	applyAddress(params: URLSearchParams): void {
		this.metric = params.get('metric') ?? '';
		this.#scope = params.get('model') ?? '';
	}

	get failure(): unknown {
		return this.metrics.error ?? this.entries.error ?? this.direction.error;
	}

	/** Which way the chosen metric is better: for the model ranked, or for every model that has the metric. */
	setDirection(direction: MetricDirection): Promise<boolean> {
		return this.scope
			? chooseDirection([this.scope], this.chosen, direction)
			: chooseDirectionEverywhere(this.chosen, direction);
	}
}
