import { BundleExport } from './bundle-export.svelte';
import { BundleImport } from './bundle-import.svelte';
import { notices } from './notices.svelte';
import { Query } from './query.svelte';
import { registry } from './registry';

/** The Import & export page: what to export and the export under way, and the import session. */
export class TransferSession {
	scope = $state<'all' | 'models'>('all');
	chosenModels = $state<string[]>([]);
	readonly models = new Query(() => registry().listModels({ limit: 1000 }));
	readonly exporter = new BundleExport();
	readonly importer = new BundleImport();

	async export(mode: 'download' | 'save'): Promise<void> {
		if (this.scope === 'models' && this.chosenModels.length === 0) {
			notices.info('Choose at least one model to export.');
			return;
		}
		// A copy: the chosen list is a $state proxy, and a proxy cannot be cloned into the worker.
		const selection = this.scope === 'all' ? {} : { models: [...this.chosenModels] };
		await this.exporter.run(selection, mode, 'The bundle is ready.');
	}

	/** Call when the page closes: a previewed bundle does not stay in the worker. */
	dispose(): void {
		this.importer.dispose();
	}
}
