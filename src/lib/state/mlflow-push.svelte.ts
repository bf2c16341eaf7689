import { MAX_PAGE_LIMIT } from '../registry';
import type { PushPreview, PushResult } from '../sync/types';
import { attempt } from './attempt';
import { describeError } from './describe-error';
import { notices } from './notices.svelte';
import { client, registry } from './registry';
import { Task } from './task.svelte';

/**
 * Pushing local versions to an MLflow server: a preview first — which versions the server holds
 * already, and what MLflow cannot carry — then the push, with progress and cancel. A push that
 * stopped half-way is pushed again from the start: the server's versions are found by their tag.
 */
export class MlflowPush {
	/** The models whose versions are pushed. */
	chosen = $state<string[]>([]);
	/** `model:version` of the previewed versions to push: every new one, until the person unticks some. */
	included = $state<string[]>([]);
	#previewing = $state(false);
	#preview = $state.raw<PushPreview>();
	#pushing = $state.raw<Task<PushResult>>();
	#problem = $state<string>();

	constructor(private readonly serverId: () => string | undefined) {}

	get previewing(): boolean {
		return this.#previewing;
	}

	get preview(): PushPreview | undefined {
		return this.#preview;
	}

	/** Pushing, with its progress in bytes uploaded. */
	get pushing(): Task<PushResult> | undefined {
		return this.#pushing;
	}

	get problem(): string | undefined {
		return this.#problem;
	}

	async review(): Promise<void> {
		const serverId = this.serverId();
		if (!serverId || this.#previewing) return;
		if (this.chosen.length === 0) {
			notices.info('Choose at least one model to push.');
			return;
		}
		this.discard();
		this.#problem = undefined;
		this.#previewing = true;
		try {
			const preview = await registry().previewPush(serverId, await versionsOf(this.chosen));
			this.included = preview.items.filter((i) => i.status === 'new').map(versionKey);
			this.#preview = preview;
		} catch (error) {
			this.#problem = describeError(error);
		} finally {
			this.#previewing = false;
		}
	}

	async push(): Promise<void> {
		const preview = this.#preview;
		if (!preview || this.#pushing) return;
		if (this.included.length === 0) {
			notices.info('Tick at least one version to push.');
			return;
		}
		const only = this.included.map(versionRef);
		const task = new Task(
			(progress) => client().pushVersions(preview.pushId, only, progress),
			preview.fileBytes
		);
		this.#pushing = task;
		try {
			const result = await task.settled;
			this.#preview = undefined;
			notices.info(
				result.created === 0
					? 'Nothing to push: the server already holds every chosen version.'
					: `Pushed ${result.created} ${result.created === 1 ? 'version' : 'versions'}; ${result.alreadyThere} were there already.`
			);
		} catch (error) {
			this.#problem = describeError(error);
		} finally {
			this.#pushing = undefined;
		}
	}

	discard(): void {
		const preview = this.#preview;
		if (preview) void attempt(() => registry().discardPush(preview.pushId));
		this.#preview = undefined;
	}

	dispose(): void {
		if (!this.#pushing) this.discard();
	}
}

/** Every version of the chosen models, page by page. */
async function versionsOf(models: string[]): Promise<Array<{ model: string; version: string }>> {
	const versions: Array<{ model: string; version: string }> = [];
	for (const model of models) {
		for (let offset = 0; ; offset += MAX_PAGE_LIMIT) {
			const page = await registry().listVersions(model, {
				offset,
				limit: MAX_PAGE_LIMIT,
				order: 'semver-asc'
			});
			versions.push(...page.items.map((v) => ({ model, version: v.version })));
			if (offset + MAX_PAGE_LIMIT >= page.total) break;
		}
	}
	return versions;
}

/** A version as the push preview's checkboxes name it: `model:version` (neither part holds ":"). */
export const versionKey = ({ model, version }: { model: string; version: string }): string =>
	`${model}:${version}`;

function versionRef(key: string): { model: string; version: string } {
	const at = key.lastIndexOf(':');
	return { model: key.slice(0, at), version: key.slice(at + 1) };
}
