import { client, type RegistryChange } from './registry';

/** Counts committed registry changes from every tab; queries re-run when it moves. */
class RegistryChanges {
	#count = $state(0);
	#last = $state.raw<RegistryChange | undefined>();
	#listening = false;

	get count(): number {
		this.#listen();
		return this.#count;
	}

	get last(): RegistryChange | undefined {
		this.#listen();
		return this.#last;
	}

	#listen() {
		if (this.#listening) return;
		this.#listening = true;
		client().onRegistryChange((change) => {
			this.#last = change;
			this.#count++;
		});
	}
}

export const changes = new RegistryChanges();
