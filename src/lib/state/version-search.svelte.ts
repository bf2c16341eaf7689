import {
	MODEL_FRAMEWORKS,
	MODEL_STAGES,
	type MetricDirection,
	type ModelFramework,
	type ModelStage,
	type SearchFilter,
	type SearchOrder
} from '../registry';
import { offsetOfPage, oneOf, pageParam, type AddressState } from './address';
import { attempt } from './attempt';
import { Query } from './query.svelte';
import { registry } from './registry';
import {
	isMetricName,
	metricColumn,
	metricOfColumn,
	nextSort,
	parseSort,
	sortParam,
	type TableSort
} from './table-sort';

export const SEARCH_PAGE_SIZE = 50;
/**
 * Matches counted past the page before the total says "at least": counting every match of a broad
 * search costs a read of every matching version, which a person typing does not wait for.
 */
export const SEARCH_COUNT_AHEAD = 500;
const DEFAULT_SORT: TableSort = { column: 'model', descending: false };
const FIXED_COLUMNS = ['model', 'version', 'registered'] as const;
const ORDER_OF_COLUMN: Record<string, string> = { model: 'model', version: 'version', registered: 'created' };

/**
 * Find versions: the fields of the search, the filter they describe, its sort and its page of
 * versions. All of it is kept in the address, as typed.
 */
export class VersionSearch implements AddressState {
	text = $state('');
	stage = $state<ModelStage | ''>('');
	framework = $state<ModelFramework | ''>('');
	/** `team=growth`, or `team` for any value. */
	tag = $state('');
	metric = $state('');
	min = $state('');
	max = $state('');
	offset = $state(0);
	/** Asked for the exact count of a search whose total said "at least"; a changed field forgets it. */
	countAll = $state(false);
	#sort = $state<TableSort>(DEFAULT_SORT);

	/** Every metric name some version has, for the metric field. */
	readonly metrics = new Query(() => registry().knownMetrics());

	/** The sort; a metric's column only while that metric is the one filtered by. */
	get sort(): TableSort {
		const metric = metricOfColumn(this.#sort.column);
		return metric === undefined || metric === this.metric ? this.#sort : DEFAULT_SORT;
	}

	/**
	 * A header clicked: sort by that column, from the first page. A metric starts best first, which way
	 * most of the models that have it say is better: asked for on the click, not kept up to date,
	 * as that takes a look at every version.
	 */
	async sortBy(column: string): Promise<void> {
		const metric = metricOfColumn(column);
		let directions: Record<string, MetricDirection> | undefined;
		if (metric !== undefined && column !== this.sort.column) {
			const asked = await attempt(async () => {
				directions = { [metric]: await registry().leaderboardDirection(metric) };
			});
			if (!asked) return;
		}
		this.#sort = nextSort(this.sort, column, directions);
		this.offset = 0;
	}

	/** The columns a person can sort by: the filtered metric's too. */
	get sortable(): string[] {
		return [...FIXED_COLUMNS, ...(this.metric ? [metricColumn(this.metric)] : [])];
	}

	/** The filter the fields describe; a field that does not parse is left out and says so. */
	readonly parsed = $derived.by(() => {
		const filter: SearchFilter = {};
		const problems: string[] = [];
		if (this.text.trim()) filter.text = this.text;
		if (this.stage) filter.stages = [this.stage];
		if (this.framework) filter.frameworks = [this.framework];
		if (this.tag.trim()) {
			const [key = '', ...rest] = this.tag.split('=');
			if (key.trim()) filter.tags = { [key.trim()]: rest.length ? rest.join('=').trim() : '*' };
		}
		if (this.metric) {
			const range: { min?: number; max?: number } = {};
			for (const [name, value] of [
				['min', this.min],
				['max', this.max]
			] as const) {
				if (value.trim() === '') continue;
				const number = Number(value);
				if (Number.isFinite(number)) range[name] = number;
				else problems.push(`${name === 'min' ? 'At least' : 'At most'} must be a number.`);
			}
			filter.metrics = { [this.metric]: range };
		}
		return { filter, problems };
	});

	/** The order the sort asks the registry for. */
	get order(): Pick<SearchFilter, 'order' | 'metric'> {
		const { column, descending } = this.sort;
		const direction = descending ? 'desc' : 'asc';
		const metric = metricOfColumn(column);
		if (metric !== undefined) return { order: `metric-${direction}`, metric };
		return { order: `${ORDER_OF_COLUMN[column] ?? 'model'}-${direction}` as SearchOrder };
	}

	readonly results = new Query(() =>
		registry().search({
			...this.parsed.filter,
			...this.order,
			offset: this.offset,
			limit: SEARCH_PAGE_SIZE,
			...(!this.countAll && { countUpTo: this.offset + SEARCH_COUNT_AHEAD })
		})
	);

	/** Every match is being counted: asked for, and the answer on screen is still "at least". */
	get counting(): boolean {
		return this.countAll && this.results.value?.totalCapped === true;
	}

	/** A field changed: back to the first page, counting only ahead again. */
	reset(): void {
		this.offset = 0;
		this.countAll = false;
	}

	get address(): Record<string, string> {
		const sorted = this.sort.column !== DEFAULT_SORT.column || this.sort.descending;
		return {
			...(this.text && { text: this.text }),
			...(this.stage && { stage: this.stage }),
			...(this.framework && { framework: this.framework }),
			...(this.tag && { tag: this.tag }),
			...(this.metric && { metric: this.metric }),
			...(this.metric && this.min && { min: this.min }),
			...(this.metric && this.max && { max: this.max }),
			...(sorted && { sort: sortParam(this.sort) }),
			...pageParam(this.offset, SEARCH_PAGE_SIZE)
		};
	}

	applyAddress(params: URLSearchParams): void {
		this.text = params.get('text') ?? '';
		this.stage = oneOf(params.get('stage'), MODEL_STAGES, '');
		this.framework = oneOf(params.get('framework'), MODEL_FRAMEWORKS, '');
		this.tag = params.get('tag') ?? '';
		const metric = params.get('metric') ?? '';
		this.metric = isMetricName(metric) ? metric : '';
		// As typed, so a min or max that is not a number shows the field's own error.
		this.min = params.get('min') ?? '';
		this.max = params.get('max') ?? '';
		this.#sort = parseSort(params.get('sort'), FIXED_COLUMNS, true, DEFAULT_SORT);
		this.offset = offsetOfPage(params.get('page'), SEARCH_PAGE_SIZE);
		this.countAll = false;
	}
}
