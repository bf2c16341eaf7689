import type { ConflictPolicy, ImportResult } from '../registry';
import type { PullPreview, RemoteModel } from '../sync/types';
import { attempt } from './attempt';
import { describeError } from './describe-error';
import { describeImport } from './bundle-import.svelte';
import { notices } from './notices.svelte';
import { client, registry } from './registry';
import { Task } from './task.svelte';

/**
 * Pulling from an MLflow server, in the steps of a bundle import: list the server's models, choose,
 * fetch (progress, cancel) into a preview — new, identical, conflicting — and apply it in one
 * transaction. The worker holds what was fetched until it is applied or discarded.
 */
export class MlflowPull {
	#remote = $state.raw<RemoteModel[]>();
	#listing = $state(false);
	chosen = $state<string[]>([]);
	onlyChanged = $state(false);
	#fetching = $state.raw<Task<PullPreview>>();
	#preview = $state.raw<PullPreview>();
	#applying = $state.raw<Task<ImportResult>>();
	#problem = $state<string>();
	policy = $state<ConflictPolicy>('skip');
	#disposed = false;

	constructor(private readonly serverId: () => string | undefined) {}

	/** The server's registered models, once listed. */
	get remote(): RemoteModel[] | undefined {
		return this.#remote;
	}

	get listing(): boolean {
		return this.#listing;
	}

	/** Fetching from the server, with its progress in versions. */
	get fetching(): Task<PullPreview> | undefined {
		return this.#fetching;
	}

	get preview(): PullPreview | undefined {
		return this.#preview;
	}

	get applying(): Task<ImportResult> | undefined {
		return this.#applying;
	}

	get problem(): string | undefined {
		return this.#problem;
	}

	async listModels(): Promise<void> {
		const serverId = this.serverId();
		if (!serverId || this.#listing) return;
		this.#listing = true;
		this.#problem = undefined;
		try {
			const remote = await registry().listRemoteModels(serverId);
			// A list that arrives after the person chose another server is not that server's.
			if (this.serverId() !== serverId) return;
			this.#remote = remote;
			this.chosen = this.chosen.filter((name) => remote.some((m) => m.name === name));
		} catch (error) {
			this.#problem = describeError(error);
		} finally {
			this.#listing = false;
		}
	}

	/** Fetches the chosen models (none chosen: every model) and plans them; nothing is written. */
	async fetch(): Promise<void> {
		const serverId = this.serverId();
		if (!serverId || this.#fetching) return;
		this.discard();
		this.#problem = undefined;
		const request = { models: [...this.chosen], onlyChanged: this.onlyChanged };
		const task = new Task((progress) => client().previewPull(serverId, request, progress));
		this.#fetching = task;
		try {
			const preview = await task.settled;
			if (this.#disposed || this.serverId() !== serverId) this.#forget(preview.pullId);
			else this.#preview = preview;
		} catch (error) {
			this.#problem = describeError(error);
		} finally {
			this.#fetching = undefined;
		}
	}

	async apply(): Promise<void> {
		const preview = this.#preview;
		if (!preview || this.#applying) return;
		const task = new Task(() => client().applyPull(preview.pullId, this.policy));
		this.#applying = task;
		try {
			const result = await task.settled;
			this.#preview = undefined;
			notices.info(describePull(result));
		} catch (error) {
			this.#problem = describeError(error);
		} finally {
			this.#applying = undefined;
		}
	}

	discard(): void {
		if (this.#preview) this.#forget(this.#preview.pullId);
		this.#preview = undefined;
	}

	/** Forgets the listed models, the choice and the preview: the page now speaks of another server. */
	reset(): void {
		this.discard();
		this.#remote = undefined;
		this.chosen = [];
		this.#problem = undefined;
	}

	/** The page closes: what was fetched does not stay in the worker. */
	dispose(): void {
		this.#disposed = true;
		this.#fetching?.cancel();
		if (!this.#applying) this.discard();
	}

	#forget(pullId: string): void {
		void attempt(() => registry().discardPull(pullId));
	}
}

/** What a pull did, in the words of an import. */
export const describePull = (result: ImportResult): string =>
	describeImport(result, {
		done: 'Pulled',
		nothing: 'Nothing to pull: this registry already has all of it.'
	});
