import type { FileProgress } from '../registry';
import type { ProgressListener, RegistryJob } from './registry';

/**
 * Long work in the registry that a person watches and may stop: hashing an artifact, writing or
 * importing a bundle, checking every artifact. Its progress is reactive, and so is its outcome.
 */
export class Task<T> {
	#done = $state(0);
	#total = $state(0);
	#file = $state.raw<FileProgress>();
	#running = $state(true);
	#result = $state.raw<T>();
	#error = $state.raw<unknown>();
	#cancel: () => void;
	/** Resolves to the result; rejects with the error (a `CANCELLED` RegistryError once stopped). */
	readonly settled: Promise<T>;

	/** `total` is what to show before the first report arrives (e.g. the artifact's size). */
	constructor(start: (onProgress: ProgressListener) => RegistryJob<T>, total = 0) {
		this.#total = total;
		const job = start((done, reported, file) => {
			this.#done = done;
			this.#total = reported;
			this.#file = file;
		});
		this.#cancel = job.cancel;
		this.settled = job.result.then(
			(value) => {
				this.#result = value;
				this.#running = false;
				return value;
			},
			(error: unknown) => {
				this.#error = error;
				this.#running = false;
				throw error;
			}
		);
	}

	get done(): number {
		return this.#done;
	}

	get total(): number {
		return this.#total;
	}

	/** The file under way, while a version's files are hashed. */
	get file(): FileProgress | undefined {
		return this.#file;
	}

	get running(): boolean {
		return this.#running;
	}

	get result(): T | undefined {
		return this.#result;
	}

	get error(): unknown {
		return this.#error;
	}

	/** Asks the registry to stop; the work ends with `CANCELLED` and changes nothing. */
	cancel(): void {
		if (this.#running) this.#cancel();
	}
}
