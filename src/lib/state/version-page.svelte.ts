import {
	baseName,
	STANDARD_METRICS,
	type ModelStage,
	type ModelVersion,
	type RegisteredModel,
	type RegistryEvent,
	type VersionPatch
} from '../registry';
import { checkAlias } from '../registry/validate';
import { compareModels, type ModelComparison } from '../formats/signature-diff';
import { attempt } from './attempt';
import { ClipboardCopy } from './clipboard.svelte';
import { ModelReading } from './model-reading.svelte';
import { Query } from './query.svelte';
import { client, registry } from './registry';
import { METRIC_LABELS } from './register-input';
import { downloadBlob } from './save-file';
import { Task } from './task.svelte';

/** One version's page: what it is, its lifecycle (stage, aliases), its artifact, its edits. */
export class VersionPage {
	readonly name: string;
	readonly version: string;
	readonly current: Query<ModelVersion | undefined>;
	readonly model: Query<RegisteredModel | undefined>;
	readonly history: Query<RegistryEvent[]>;
	/** What its model files say: formats, inputs and outputs, parameter counts. */
	readonly reading: ModelReading;
	/** The stage chosen in "Move to stage", and why the registry refused the move. */
	#targetStage = $state<ModelStage | ''>('');
	#stageError = $state<string>();
	#aliasDraft = $state('');
	#aliasError = $state<string>();
	confirmPromotion = $state(false);
	/** The candidate's signature against the production version's, read as the promotion is asked. */
	promotionCheck = $state.raw<PromotionCheck>();
	/** Moving the production version elsewhere leaves the model with none in production: asked first. */
	confirmDemotion = $state(false);
	/** An alias that points at another version (`aliasMovesFrom`) moves here only once the person says so. */
	confirmAlias = $state(false);
	aliasMovesFrom = $state<string>();
	confirmDelete = $state(false);
	/** Copying its name, its artifact's SHA-256 or a snippet that opens the artifact. */
	readonly clipboard = new ClipboardCopy();
	#folderZip = $state.raw<Task<Blob>>();

	/** Create during component initialisation (its queries are effects). */
	constructor(name: string, version: string) {
		this.name = name;
		this.version = version;
		// Every read here is about this model: a change to another one re-reads nothing.
		const about = { model: name };
		this.current = new Query(() => registry().getVersion(name, version), about);
		this.model = new Query(() => registry().getModel(name), about);
		this.history = new Query(() => registry().history(name, version), about);
		this.reading = new ModelReading(name, version, () => this.current.value?.files);
		const registration = $derived(this.current.value?.createdAt);
		// A question asked about one registration is not an answer about another: when the version goes
		// (deleted in any tab) or comes back registered anew, an open confirmation closes unanswered.
		$effect(() => {
			void registration;
			this.confirmPromotion = this.confirmDemotion = this.confirmAlias = this.confirmDelete = false;
		});
	}

	get failure(): unknown {
		return this.current.error ?? this.model.error ?? this.history.error;
	}

	get targetStage(): ModelStage | '' {
		return this.#targetStage;
	}

	/** Choosing another stage answers the refusal of the last one. */
	set targetStage(stage: ModelStage | '') {
		this.#targetStage = stage;
		this.#stageError = undefined;
	}

	get aliasDraft(): string {
		return this.#aliasDraft;
	}

	/** Editing the alias answers the refusal of what it held before. */
	set aliasDraft(alias: string) {
		this.#aliasDraft = alias;
		this.#aliasError = undefined;
	}

	get stageError(): string | undefined {
		return this.#stageError;
	}

	get aliasError(): string | undefined {
		return this.#aliasError;
	}

	/** The aliases that point at this version. */
	get aliases(): string[] {
		return Object.entries(this.model.value?.aliases ?? {})
			.filter(([, target]) => target === this.version)
			.map(([alias]) => alias);
	}

	/** Its metrics as label and value: the standard ones first, in their usual order. */
	get metrics(): Array<readonly [string, number]> {
		const v = this.current.value;
		if (!v) return [];
		const standard = STANDARD_METRICS.filter((m) => v.metrics[m] !== undefined).map(
			(m) => [METRIC_LABELS[m], v.metrics[m] as number] as const
		);
		return [...standard, ...Object.entries(v.metrics.custom)];
	}

	/** The version in production that promoting this one would archive. */
	get replaced(): string | undefined {
		const production = this.model.value?.productionVersion;
		return production !== this.version ? production : undefined;
	}

	/**
	 * "Move": a promotion to production asks first, since it archives the version there now; so does
	 * moving the production version out, since then no version is in production.
	 */
	requestMove(): void {
		if (this.targetStage === 'production') {
			this.confirmPromotion = true;
			void this.#checkPromotion();
		} else if (this.targetStage && this.current.value?.stage === 'production') this.confirmDemotion = true;
		else if (this.targetStage) void this.move(this.targetStage);
		else this.#stageError = 'Choose a stage to move to.';
	}

	/**
	 * Reads both versions' files while the dialog opens ("Checking the signature…"); a check asked again
	 * (the dialog reopened) replaces this one, whose answer is then dropped. It never stops the promotion.
	 */
	async #checkPromotion(): Promise<void> {
		const production = this.replaced;
		const check: PromotionCheck | undefined = production ? { production, status: 'checking' } : undefined;
		this.promotionCheck = check;
		if (!production) return;
		let next: PromotionCheck;
		try {
			const [current, candidate] = await Promise.all([
				registry().readModel(this.name, production),
				registry().readModel(this.name, this.version)
			]);
			next = { production, status: 'checked', comparison: compareModels(current, candidate) };
		} catch (error) {
			next = { production, status: 'failed', error };
		}
		if (this.promotionCheck === check) this.promotionCheck = next;
	}

	/** "Set alias": an alias that points at another version moves here only once the person says so. */
	requestAlias(): void {
		const target = this.model.value?.aliases[this.aliasDraft.trim()];
		if (target !== undefined && target !== this.version) {
			this.aliasMovesFrom = target;
			this.confirmAlias = true;
		} else void this.setAlias();
	}

	async move(stage: ModelStage): Promise<boolean> {
		const moved = await attempt(() => registry().transitionStage(this.name, this.version, stage), {
			success: `Moved ${this.name}:${this.version} to ${stage}.`,
			onField: (error) => {
				this.#stageError = error.message;
				return true;
			}
		});
		if (moved) this.#stageError = undefined;
		this.#targetStage = '';
		return moved;
	}

	async setAlias(): Promise<boolean> {
		const set = await attempt(
			async () => {
				const alias = checkAlias(this.aliasDraft.trim());
				await registry().setAlias(this.name, alias, this.version);
			},
			{
				onField: (error) => {
					this.#aliasError = error.message;
					return true;
				}
			}
		);
		if (set) [this.aliasDraft, this.#aliasError] = ['', undefined];
		return set;
	}

	removeAlias(alias: string): Promise<boolean> {
		return attempt(() => registry().removeAlias(this.name, alias), { success: `Removed alias ${alias}.` });
	}

	/** Saves one of the version's files under its own name. */
	download(path: string): Promise<boolean> {
		return attempt(async () => {
			downloadBlob(await registry().loadFile(this.name, this.version, path), baseName(path));
		});
	}

	/** "Download all as .zip", while the worker writes it: progress in file bytes, and Cancel. */
	get folderZip(): Task<Blob> | undefined {
		return this.#folderZip;
	}

	/** Saves the version's whole folder as `<model>-<version>.zip`, one zip at a time. */
	async downloadFolder(): Promise<boolean> {
		if (this.#folderZip) return false;
		return attempt(async () => {
			const task = new Task((progress) => client().zipFolder(this.name, this.version, progress));
			this.#folderZip = task;
			const zip = await task.settled.finally(() => (this.#folderZip = undefined));
			downloadBlob(zip, `${this.name}-${this.version}.zip`);
		});
	}

	/** Resolves to whether the version is gone, so the page can leave. */
	deleteVersion(): Promise<boolean> {
		return attempt(() => registry().deleteVersion(this.name, this.version), {
			success: `Deleted ${this.name}:${this.version}.`
		});
	}

	/** For the description and tags editors, which show an invalid value at their input. */
	update(patch: VersionPatch): Promise<unknown> {
		return registry().updateVersion(this.name, this.version, patch);
	}
}

/** What promoting this version would break for callers of the version in production (`production`). */
export type PromotionCheck =
	| { production: string; status: 'checking' }
	| { production: string; status: 'checked'; comparison: ModelComparison }
	| { production: string; status: 'failed'; error: unknown };
