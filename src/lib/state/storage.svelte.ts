import { attempt } from './attempt';
import { changes } from './changes.svelte';
import { notices } from './notices.svelte';
import { registry } from './registry';

/** How much the browser lets the app store, whether it promised to keep it, and wiping it all. */
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

	async requestPersistence(): Promise<void> {
		const granted = (await navigator.storage?.persist?.()) ?? false;
		this.persisted = granted;
		notices.info(
			granted
				? 'The browser will keep the registry unless you delete it yourself.'
				: 'The browser did not promise to keep the data. Installing the app or bookmarking it makes that more likely; export bundles as a backup.'
		);
	}

	/** Removes every model, version, artifact and event, in every tab. */
	wipe(): Promise<boolean> {
		return attempt(() => registry().wipe(), { success: 'The registry is empty now.' });
	}
}
