import {
	metricNames,
	type ExportSelection,
	type MetricSeries,
	type ModelPatch,
	type ModelVersion,
	type Page,
	type RegisteredModel,
	type RegistryEvent,
	type VersionOrder
} from '../registry';
import { attempt } from './attempt';
import { BundleExport } from './bundle-export.svelte';
import { Query, unlessMissing } from './query.svelte';
import { registry } from './registry';

export const VERSION_PAGE_SIZE = 50;
// A model with 100,000 versions has at least as many events: show the latest, and more on request.
const HISTORY_PAGE_SIZE = 50;

/** One model's page: the model, a page of its versions, their metrics over time, its history. */
export class ModelPage {
	readonly name: string;
	order = $state<VersionOrder>('semver-desc');
	offset = $state(0);
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
		this.model = new Query(() => registry().getModel(name));
		this.versions = new Query(() =>
			unlessMissing(
				registry().listVersions(name, { order: this.order, offset: this.offset, limit: VERSION_PAGE_SIZE })
			)
		);
		this.history = new Query(() => registry().history(name, undefined, { newest: this.#historyShown + 1 }));
		// The chart reads every version's metrics (100,000 of them for a big model): asked for at the same
		// time, the table's first page would wait behind that read in the worker. So it is asked for once
		// the table has its first answer, and from then on re-read with every change as usual.
		const tableAnswered = $derived(this.versions.value !== undefined || this.versions.error !== undefined);
		this.series = new Query(() =>
			tableAnswered ? unlessMissing(registry().metricSeries(name)) : Promise.resolve(undefined)
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

	/** The metric the version table shows: the first one any version on the page has. */
	get metric(): string | undefined {
		return this.versions.value ? metricNames(this.versions.value.items)[0] : undefined;
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
