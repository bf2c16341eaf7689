import type { ModelFramework, ModelStage, SearchFilter } from '../registry';
import { Query } from './query.svelte';
import { registry } from './registry';

export const SEARCH_PAGE_SIZE = 50;

/** Find versions: the fields of the search, the filter they describe, and its page of versions. */
export class VersionSearch {
	text = $state('');
	stage = $state<ModelStage | ''>('');
	framework = $state<ModelFramework | ''>('');
	/** `team=growth`, or `team` for any value. */
	tag = $state('');
	metric = $state('');
	min = $state('');
	max = $state('');
	offset = $state(0);

	/** Every metric name some version has, for the metric field. */
	readonly metrics = new Query(() => registry().knownMetrics());

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

	readonly results = new Query(() =>
		registry().search({ ...this.parsed.filter, offset: this.offset, limit: SEARCH_PAGE_SIZE })
	);

	/** A field changed: back to the first page. */
	reset(): void {
		this.offset = 0;
	}
}
