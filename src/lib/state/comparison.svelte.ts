import {
	compareVersions,
	majorityDirection,
	type ComparisonRow,
	type MetricDirection,
	type ModelVersion
} from '../registry';
import { compareModels, type ModelComparison } from '../formats/signature-diff';
import type { ModelSummary } from '../formats/types';
import { chooseDirection, distinct } from './metric-direction';
import { Query } from './query.svelte';
import { registry } from './registry';

/** A version the address names (`ui/links.ts` reads and writes the address). */
type Ref = { model: string; version: string };

// The signature section renders these; state hands the UI the types and words of the pure comparison.
export type {
	FieldComparison,
	ModelComparison,
	Signature,
	SignatureDiff,
	SignatureField,
	SignatureReading
} from '../formats/signature-diff';
export { breakingSentence, formatCount, shapeText } from '../formats/signature-diff';

/** What a version's files say, or why they could not be read; by the version's full name. */
type Readings = Map<string, ModelSummary | { error: unknown }>;

/** A compared version's signature and parameter count against the first version's. */
export interface SignaturePair {
	base: ModelVersion;
	other: ModelVersion;
	/** Absent while either version's files are being read, or when they could not be (`error`). */
	comparison?: ModelComparison;
	error?: unknown;
}

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
	/** What each version's files say, read in the worker (which keeps readings by content, so once). */
	readonly readings: Query<Readings>;
	/** Each version after the first against the first, as the metric deltas are. */
	readonly signaturePairs: SignaturePair[];

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
		const readings = new Query(() => readEach(this.versions));
		this.readings = readings;
		this.signaturePairs = $derived.by(() => {
			const [base, ...others] = this.versions;
			return base ? others.map((other) => pairOf(base, other, readings.value)) : [];
		});
	}

	/** Which way `metric` is better, for every model compared. */
	setDirection(metric: string, direction: MetricDirection): Promise<boolean> {
		return chooseDirection(this.modelNames, metric, direction);
	}
}

/** One version's unreadable files do not hide the others' signatures. */
async function readEach(versions: ModelVersion[]): Promise<Readings> {
	const read = await Promise.all(
		versions.map((v) =>
			registry()
				.readModel(v.modelName, v.version)
				.catch((error: unknown) => ({ error }))
		)
	);
	return new Map(versions.map((v, i) => [v.fullName, read[i]!]));
}

function pairOf(base: ModelVersion, other: ModelVersion, readings: Readings | undefined): SignaturePair {
	const [a, b] = [readings?.get(base.fullName), readings?.get(other.fullName)];
	if (a === undefined || b === undefined) return { base, other };
	if ('error' in a) return { base, other, error: a.error };
	if ('error' in b) return { base, other, error: b.error };
	return { base, other, comparison: compareModels(a, b) };
}
