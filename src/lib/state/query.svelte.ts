import { RegistryError } from '../registry';
import { changes } from './changes.svelte';

/** For reads about something that may have just been deleted (in any tab): gone is `undefined`, not an error. */
export function unlessMissing<T>(read: Promise<T>): Promise<T | undefined> {
	return read.catch((error: unknown) =>
		RegistryError.is(error, 'NOT_FOUND') ? undefined : Promise.reject(error)
	);
}

export interface QueryOptions {
	/** What the read is about: it re-runs only after changes that concern this model (see `changes`). */
	model?: string;
}

/**
 * The latest answer of an async read, re-run when the reactive values it reads (synchronously,
 * before its first await) change, and after every registry change in any tab — or, for a read about
 * one model, every change that concerns it. An older answer that arrives late is dropped. Create it
 * during component initialisation.
 */
export class Query<T> {
	#value = $state.raw<T>();
	#error = $state.raw<unknown>();
	#loading = $state(true);

	constructor(load: () => Promise<T>, { model }: QueryOptions = {}) {
		$effect(() => {
			void (model === undefined ? changes.count : changes.concerning(model));
			let current = true;
			const answer = load();
			this.#loading = true;
			answer.then(
				(value) => {
					if (!current) return;
					this.#value = value;
					this.#error = undefined;
					this.#loading = false;
				},
				(error: unknown) => {
					if (!current) return;
					this.#error = error;
					this.#loading = false;
				}
			);
			return () => {
				current = false;
			};
		});
	}

	/** The last answer; kept while a newer one loads, so the page does not flicker. */
	get value(): T | undefined {
		return this.#value;
	}

	get error(): unknown {
		return this.#error;
	}

	get loading(): boolean {
		return this.#loading;
	}
}
