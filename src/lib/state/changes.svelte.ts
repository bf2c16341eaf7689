import { SvelteMap } from 'svelte/reactivity';
import { client, type RegistryChange } from './registry';

/**
 * Counts committed registry changes from every tab; queries re-run when it moves. A change that names
 * its model (a registration, a stage, an edit, an alias) also moves that model's own count, so a page
 * about one model re-reads only for changes that concern it, not for every change to any of 1,000 models.
 */
class RegistryChanges {
	#count = $state(0);
	#last = $state.raw<RegistryChange | undefined>();
	/** Changes that name no model (an import, a wipe, sample data, a repair): they may concern every model. */
	#unnamed = $state(0);
	#perModel = new SvelteMap<string, number>();
	#listening = false;

	get count(): number {
		this.#listen();
		return this.#count;
	}

	get last(): RegistryChange | undefined {
		this.#listen();
		return this.#last;
	}

	/** Moves with every change that concerns `model`: one naming it, or one naming no model. */
	concerning(model: string): number {
		this.#listen();
		return this.#unnamed + (this.#perModel.get(model) ?? 0);
	}

	#listen() {
		if (this.#listening) return;
		this.#listening = true;
		client().onRegistryChange((change) => {
			this.#last = change;
			this.#count++;
			if (change.model === undefined) this.#unnamed++;
			else this.#perModel.set(change.model, (this.#perModel.get(change.model) ?? 0) + 1);
		});
	}
}

export const changes = new RegistryChanges();
