import {
	compareVersions,
	majorityDirection,
	type ComparisonRow,
	type MetricDirection,
	type ModelVersion
} from '../registry';
import { chooseDirection, distinct } from './metric-direction';
import { Query } from './query.svelte';
import { registry } from './registry';

/** A version the address names (`ui/links.ts` reads and writes the address). */
type Ref = { model: string; version: string };

/** Compare versions: the versions the address names, their rows side by side, and the picker. */
export class Comparison {
	readonly found: Query<Array<ModelVersion | undefined>>;
	// The picker: a model, then one of its versions.
	pickModel = $state('');
	pickVersion = $state('');
	readonly models = new Query(() => registry().listModels({ limit: 1000 }));
	readonly modelVersions = new Query(() =>
		this.pickModel ? registry().listVersions(this.pickModel, { limit: 1000 }) : Promise.resolve(undefined)
	);

	/** The versions that exist, in the address's order. */
	readonly versions: ModelVersion[];
	/** The refs that name no version (any more). */
	readonly missing: Ref[];
	readonly rows: ComparisonRow[];
	/** The models compared, by name. */
	readonly modelNames: string[];
	/** Which way each metric is better here: the direction most compared models give it. */
	readonly directionOf: (metric: string) => MetricDirection;

	/** `refs` is read reactively: the address changes as versions are added or removed. */
	constructor(refs: () => Ref[]) {
		const found = new Query(() => Promise.all(refs().map((r) => registry().getVersion(r.model, r.version))));
		this.found = found;
		this.versions = $derived((found.value ?? []).filter((v): v is ModelVersion => v !== undefined));
		this.missing = $derived(refs().filter((_, i) => found.value && !found.value[i]));
		this.modelNames = $derived(distinct(this.versions.map((v) => v.modelName)));
		const records = $derived(
			this.modelNames.map((name) => this.models.value?.items.find((m) => m.name === name))
		);
		this.directionOf = $derived((metric: string) => majorityDirection(metric, records));
		this.rows = $derived(compareVersions(this.versions, this.directionOf));
	}

	/** Which way `metric` is better, for every model compared. */
	setDirection(metric: string, direction: MetricDirection): Promise<boolean> {
		return chooseDirection(this.modelNames, metric, direction);
	}
}
