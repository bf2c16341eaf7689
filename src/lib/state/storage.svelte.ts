import { changes } from './changes.svelte';

/** How much the browser lets the app store, and whether it promised to keep it. */
export class StorageState {
	estimate = $state.raw<StorageEstimate>();
	persisted = $state(false);
	readonly canPersist = typeof navigator !== 'undefined' && !!navigator.storage?.persist;

	constructor() {
		$effect(() => {
			void changes.count;
			void this.refresh();
		});
	}

	async refresh() {
		this.estimate = await navigator.storage?.estimate?.();
		this.persisted = (await navigator.storage?.persisted?.()) ?? false;
	}

	async requestPersistence(): Promise<boolean> {
		const granted = (await navigator.storage?.persist?.()) ?? false;
		this.persisted = granted;
		return granted;
	}
}
