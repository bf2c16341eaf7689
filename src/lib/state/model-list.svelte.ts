import type { ModelFramework, ModelOrder, ModelStage } from '../registry';
import { registry } from '../worker/client';
import { Query } from './query.svelte';

export const MODEL_PAGE_SIZE = 25;

/** The model list page: its filters, its page, and the models they select. */
export class ModelListState {
	text = $state('');
	stage = $state<ModelStage | ''>('');
	framework = $state<ModelFramework | ''>('');
	order = $state<ModelOrder>('name-asc');
	offset = $state(0);

	readonly page = new Query(() =>
		registry().listModels({
			...(this.text.trim() && { text: this.text }),
			...(this.stage && { stage: this.stage }),
			...(this.framework && { framework: this.framework }),
			order: this.order,
			offset: this.offset,
			limit: MODEL_PAGE_SIZE
		})
	);

	get filtered(): boolean {
		return this.text.trim() !== '' || this.stage !== '' || this.framework !== '';
	}

	clearFilters() {
		this.text = '';
		this.stage = '';
		this.framework = '';
		this.offset = 0;
	}
}
