import {
	metricNames,
	orderMetricNames,
	type ExportSelection,
	type MetricSeries,
	type ModelPatch,
	type ModelVersion,
	type Page,
	type RegisteredModel,
	type RegistryEvent,
	type VersionListQuery,
	type VersionOrder
} from '../registry';
import { offsetOfPage, pageParam, type AddressState } from './address';
import { attempt } from './attempt';
import { BundleExport } from './bundle-export.svelte';
import { Query, unlessMissing } from './query.svelte';
import { registry } from './registry';
import { metricOfColumn, nextSort, parseSort, sortParam, type TableSort } from './table-sort';

export const VERSION_PAGE_SIZE = 50;
/** Metric columns shown before the person chooses: more would not fit beside the rest of the table. */
export const MAX_METRIC_COLUMNS = 6;
const DEFAULT_SORT: TableSort = { column: 'version', descending: true };
const FIXED_COLUMNS = ['version', 'stage', 'registered'] as const;
const INDEXED_ORDERS: Record<string, [VersionOrder, VersionOrder]> = {
	version: ['semver-desc', 'semver-asc'],
	registered: ['created-desc', 'created-asc']
};

// A model with 100,000 versions has at least as many events: show the latest, and more on request.
const HISTORY_PAGE_SIZE = 50;

/**
 * One model's page: the model, a page of its versions, their metrics over time, its history. The
 * versions' sort and page are kept in the address.
 */
export class ModelPage implements AddressState {
	readonly name: string;
	sort = $state<TableSort>(DEFAULT_SORT);
	offset = $state(0);
	/** The metric columns the person chose to see; undefined: the first `MAX_METRIC_COLUMNS`. */
	chosenMetrics = $state<string[]>();
	/** The versions ticked to compare or export. */
	selected = $state<string[]>([]);
	#historyShown = $state(HISTORY_PAGE_SIZE);
	readonly model: Query<RegisteredModel | undefined>;
	readonly versions: Query<Page<ModelVersion> | undefined>;
	readonly history: Query<RegistryEvent[]>;
	readonly series: Query<MetricSeries | undefined>;
	readonly exporter = new BundleExport();

	/** Create during component initialisation (its queries are effects). */
	constructor(name: string) {
		this.name = name;
		// Every read here is about this model: a change to another one re-reads nothing.
		const about = { model: name };
		this.model = new Query(() => registry().getModel(name), about);
		this.versions = new Query(
			() =>
				unlessMissing(
					registry().listVersions(name, { ...this.order, offset: this.offset, limit: VERSION_PAGE_SIZE })
				),
			about
		);
		this.history = new Query(
			() => registry().history(name, undefined, { newest: this.#historyShown + 1 }),
			about
		);
		// The chart of a model up to 5,000 versions reads every version's metrics (a bigger one reads its
		// series buckets): asked for at the same time, the table's first page would wait behind that read
		// in the worker. So it is asked for once the table has its first answer, and from then on re-read
		// with every change to the model as usual.
		const tableAnswered = $derived(this.versions.value !== undefined || this.versions.error !== undefined);
		this.series = new Query(
			() => (tableAnswered ? unlessMissing(registry().metricSeries(name)) : Promise.resolve(undefined)),
			about
		);
	}

	get failure(): unknown {
		return this.model.error ?? this.versions.error ?? this.series.error ?? this.history.error;
	}

	/** The newest events, as many as are shown. */
	get events(): RegistryEvent[] {
		return (this.history.value ?? []).slice(-this.#historyShown);
	}

	get olderHistory(): boolean {
		return (this.history.value?.length ?? 0) > this.#historyShown;
	}

	showOlderHistory(): void {
		this.#historyShown += HISTORY_PAGE_SIZE * 4;
	}

	/** The order the sort asks the registry for. */
	get order(): Pick<VersionListQuery, 'order' | 'metric'> {
		const { column, descending } = this.sort;
		const indexed = INDEXED_ORDERS[column];
		if (indexed) return { order: indexed[descending ? 0 : 1] };
		const metric = metricOfColumn(column);
		const direction = descending ? 'desc' : 'asc';
		return metric === undefined ? { order: `stage-${direction}` } : { order: `metric-${direction}`, metric };
	}

	/** A header clicked: sort by that column (a metric best first), from the first page. */
	sortBy(column: string): void {
		this.sort = nextSort(this.sort, column, this.model.value?.metricDirections);
		this.offset = 0;
	}

	/** The order select: one of the indexed orders. */
	setOrder(order: VersionOrder): void {
		this.sort = {
			column: order.startsWith('semver') ? 'version' : 'registered',
			descending: order.endsWith('-desc')
		};
		this.offset = 0;
	}

	get address(): Record<string, string> {
		const sorted = this.sort.column !== DEFAULT_SORT.column || !this.sort.descending;
		return { ...(sorted && { sort: sortParam(this.sort) }), ...pageParam(this.offset, VERSION_PAGE_SIZE) };
	}

	applyAddress(params: URLSearchParams): void {
		this.sort = parseSort(params.get('sort'), FIXED_COLUMNS, true, DEFAULT_SORT);
		this.offset = offsetOfPage(params.get('page'), VERSION_PAGE_SIZE);
	}

	/**
	 * Every metric the model's versions have, standard ones first: from the chart's series, which
	 * reads every version, and until it arrives from the page at hand.
	 */
	get metrics(): string[] {
		const series = this.series.value;
		if (!series) return this.versions.value ? metricNames(this.versions.value.items) : [];
		// Not in the object's key order, which puts integer-like names ("1") first.
		return orderMetricNames(Object.keys(series.metrics));
	}

	/** The metric columns shown: the chosen ones (or the first few), and always the one sorted by. */
	get shownMetrics(): string[] {
		const sortedBy = metricOfColumn(this.sort.column);
		const chosen = this.chosenMetrics ?? this.metrics.slice(0, MAX_METRIC_COLUMNS);
		return this.metrics.filter((metric) => chosen.includes(metric) || metric === sortedBy);
	}

	/** Shows or hides one metric's column. */
	showMetric(metric: string, shown: boolean): void {
		const current = this.chosenMetrics ?? this.metrics.slice(0, MAX_METRIC_COLUMNS);
		this.chosenMetrics = shown ? [...current, metric] : current.filter((m) => m !== metric);
	}

	exportBundle(selection: ExportSelection): Promise<boolean> {
		return this.exporter.run(selection, 'download');
	}

	/** Resolves to whether the model is gone, so the page can leave. */
	deleteModel(): Promise<boolean> {
		return attempt(() => registry().deleteModel(this.name), {
			success: `Deleted ${this.name} and all its versions.`
		});
	}

	/** For the description and tags editors, which show an invalid value at their input. */
	update(patch: ModelPatch): Promise<unknown> {
		return registry().updateModel(this.name, patch);
	}
}
