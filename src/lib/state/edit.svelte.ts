import { attempt } from './attempt';
import type { FieldError } from './field-error';

/**
 * An edit in place, such as a description or a model's tags: whether it is open, its draft, and
 * why the registry refused it — shown at the input. Any other failure is a notice.
 */
export class Edit<D> {
	open = $state(false);
	draft = $state() as D;
	#error = $state<string>();
	readonly #message: (error: FieldError) => string;

	/** `message` words an input's error for this input (rows keep the key they are about). */
	constructor(message: (error: FieldError) => string = (error) => error.message) {
		this.#message = message;
	}

	get error(): string | undefined {
		return this.#error;
	}

	start(draft: D): void {
		this.draft = draft;
		this.#error = undefined;
		this.open = true;
	}

	/** The draft changed: the refusal was about what it held before. */
	edited(): void {
		this.#error = undefined;
	}

	cancel(): void {
		this.open = false;
	}

	/** Saves the draft; the edit closes once it is stored. */
	async save(store: (draft: D) => Promise<unknown>): Promise<void> {
		const saved = await attempt(() => store(this.draft), {
			onField: (error) => {
				this.#error = this.#message(error);
				return true;
			}
		});
		if (saved) [this.open, this.#error] = [false, undefined];
	}
}
