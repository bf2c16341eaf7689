import {
	MODEL_FRAMEWORKS,
	MODEL_ORDERS,
	MODEL_STAGES,
	type ModelFramework,
	type ModelOrder,
	type ModelStage
} from '../registry';
import { offsetOfPage, oneOf, pageParam, type AddressState } from './address';
import { attempt } from './attempt';
import { Query } from './query.svelte';
import { client, registry, type SampleDataResult } from './registry';
import { Task } from './task.svelte';

export const MODEL_PAGE_SIZE = 25;

/** The model list page: its filters, its page, the models they select, and the sample data. */
export class ModelListState implements AddressState {
	text = $state('');
	stage = $state<ModelStage | ''>('');
	framework = $state<ModelFramework | ''>('');
	order = $state<ModelOrder>('name-asc');
	offset = $state(0);
	#sample = $state.raw<Task<SampleDataResult>>();

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

	get address(): Record<string, string> {
		return {
			...(this.text && { text: this.text }),
			...(this.stage && { stage: this.stage }),
			...(this.framework && { framework: this.framework }),
			...(this.order !== 'name-asc' && { order: this.order }),
			...pageParam(this.offset, MODEL_PAGE_SIZE)
		};
	}

	applyAddress(params: URLSearchParams): void {
		this.text = params.get('text') ?? '';
		this.stage = oneOf(params.get('stage'), MODEL_STAGES, '');
		this.framework = oneOf(params.get('framework'), MODEL_FRAMEWORKS, '');
		this.order = oneOf(params.get('order'), MODEL_ORDERS, 'name-asc');
		this.offset = offsetOfPage(params.get('page'), MODEL_PAGE_SIZE);
	}

	get filtered(): boolean {
		return this.text.trim() !== '' || this.stage !== '' || this.framework !== '';
	}

	/** Loading the sample models, with its progress in versions. */
	get sample(): Task<SampleDataResult> | undefined {
		return this.#sample;
	}

	clearFilters() {
		this.text = '';
		this.stage = '';
		this.framework = '';
		this.offset = 0;
	}

	async loadSamples(): Promise<void> {
		if (this.#sample) return;
		await attempt(
			() => {
				const task = new Task((progress) => client().loadSampleData(progress));
				this.#sample = task;
				return task.settled;
			},
			{ success: (result) => `Loaded ${result.models} sample models with ${result.versions} versions.` }
		);
		this.#sample = undefined;
	}
}
