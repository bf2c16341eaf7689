import type { ModelStage } from '../registry';
import { attempt } from './attempt';
import { registry } from './registry';

/** Where the ticked versions live (the model page's `selected`) and what the model has in production. */
export interface BulkSource {
	name: string;
	selected(): string[];
	select(versions: string[]): void;
	production(): string | undefined;
}

/** What moving the ticked versions asks first: a promotion archives the version in production; a demotion leaves none there. */
export type MoveQuestion = 'promotion' | 'demotion';

const versionsWord = (count: number) =>
	`${count.toLocaleString('en')} ${count === 1 ? 'version' : 'versions'}`;

/**
 * Actions on the versions ticked in a model's version table: move them to a stage, add or remove a
 * tag, delete them. Each is one registry call, all or nothing; a refusal about an input is shown at
 * that input, anything else becomes a notice.
 */
export class BulkActions {
	readonly name: string;
	readonly #source: BulkSource;
	#stage = $state<ModelStage | ''>('');
	#stageError = $state<string>();
	#tagKey = $state('');
	#tagValue = $state('');
	#tagError = $state<string>();
	#busy = $state(false);
	/** The question an asked-for move waits on, while its dialog is open. */
	moveQuestion = $state<MoveQuestion>();
	confirmMove = $state(false);
	confirmDelete = $state(false);

	constructor(source: BulkSource) {
		this.name = source.name;
		this.#source = source;
	}

	get selected(): string[] {
		return this.#source.selected();
	}

	get count(): number {
		return this.selected.length;
	}

	get countWords(): string {
		return versionsWord(this.count);
	}

	/** The production version, when it is one of the ticked ones. */
	get tickedProduction(): string | undefined {
		const production = this.#source.production();
		return production !== undefined && this.selected.includes(production) ? production : undefined;
	}

	get production(): string | undefined {
		return this.#source.production();
	}

	/** An action is running: another click waits for it rather than acting on a selection about to change. */
	get busy(): boolean {
		return this.#busy;
	}

	get stage(): ModelStage | '' {
		return this.#stage;
	}

	/** Choosing another stage answers the refusal of the last one. */
	set stage(stage: ModelStage | '') {
		this.#stage = stage;
		this.#stageError = undefined;
	}

	get stageError(): string | undefined {
		return this.#stageError;
	}

	get tagKey(): string {
		return this.#tagKey;
	}

	set tagKey(key: string) {
		this.#tagKey = key;
		this.#tagError = undefined;
	}

	get tagValue(): string {
		return this.#tagValue;
	}

	set tagValue(value: string) {
		this.#tagValue = value;
		this.#tagError = undefined;
	}

	get tagError(): string | undefined {
		return this.#tagError;
	}

	/** Ticks every version on the page shown, keeping those ticked on other pages. */
	selectAll(onPage: readonly string[]): void {
		const selected = this.selected;
		this.#source.select([...selected, ...onPage.filter((v) => !selected.includes(v))]);
	}

	clear(): void {
		this.#source.select([]);
	}

	/**
	 * "Move": as a single move does, asks first when it takes the production version out of production,
	 * or promotes a version (which archives the one in production, if any).
	 */
	requestMove(): void {
		if (!this.#stage) this.#stageError = 'Choose a stage to move the ticked versions to.';
		else if (this.#stage !== 'production' && this.tickedProduction) this.#ask('demotion');
		else if (this.#stage === 'production' && this.count === 1 && !this.tickedProduction)
			this.#ask('promotion');
		// Several versions to production goes to the registry, whose refusal names the rule.
		else void this.move();
	}

	#ask(question: MoveQuestion) {
		this.moveQuestion = question;
		this.confirmMove = true;
	}

	async move(): Promise<boolean> {
		const stage = this.#stage;
		const versions = [...this.selected];
		const moved = await this.#run(
			() => registry().transitionStages(this.name, versions, stage as ModelStage),
			{
				success: `Moved ${versionsWord(versions.length)} of ${this.name} to ${stage}.`,
				onField: (message) => (this.#stageError = message)
			}
		);
		if (moved) this.#stage = '';
		return moved;
	}

	/** Adds the tag typed (or changes its value) on every ticked version. */
	async addTag(): Promise<boolean> {
		const key = this.#tagKey.trim();
		const versions = [...this.selected];
		const added = await this.#run(
			() => registry().tagVersions(this.name, versions, { set: { [key]: this.#tagValue } }),
			{
				success: `Tagged ${versionsWord(versions.length)} with ${key}=${this.#tagValue}.`,
				onField: (message) => (this.#tagError = message)
			}
		);
		if (added) [this.#tagKey, this.#tagValue] = ['', ''];
		return added;
	}

	/** Removes the tag with the key typed from every ticked version that has it. */
	async removeTag(): Promise<boolean> {
		const key = this.#tagKey.trim();
		const versions = [...this.selected];
		const removed = await this.#run(() => registry().tagVersions(this.name, versions, { remove: [key] }), {
			success: `Removed tag ${key} from the ${versionsWord(versions.length)} ticked.`,
			onField: (message) => (this.#tagError = message)
		});
		if (removed) [this.#tagKey, this.#tagValue] = ['', ''];
		return removed;
	}

	/** Deletes the ticked versions; those deleted are no longer ticked. */
	async delete(): Promise<boolean> {
		const versions = [...this.selected];
		const deleted = await this.#run(() => registry().deleteVersions(this.name, versions), {
			success: (count) => `Deleted ${versionsWord(count)} of ${this.name}.`
		});
		if (deleted) this.#source.select(this.selected.filter((v) => !versions.includes(v)));
		return deleted;
	}

	async #run<T>(
		action: () => Promise<T>,
		options: { success: string | ((value: T) => string); onField?: (message: string) => void }
	): Promise<boolean> {
		if (this.#busy) return false;
		this.#busy = true;
		try {
			const { onField } = options;
			return await attempt(action, {
				success: options.success,
				onField: onField && ((error) => (onField(error.message), true))
			});
		} finally {
			this.#busy = false;
		}
	}
}
