import { isModelName } from '../registry/validate';
import type { MlflowServer } from '../sync/types';
import type { AddressState } from './address';
import { attempt } from './attempt';
import { MlflowPull } from './mlflow-pull.svelte';
import { MlflowPush } from './mlflow-push.svelte';
import { Query } from './query.svelte';
import { registry } from './registry';

/**
 * The MLflow page: which server, the pull from it and the push to it. The models chosen to push are
 * kept in the address (`#/sync?push=churn,fraud`), so a model page can link to pushing it.
 */
export class SyncSession implements AddressState {
	#servers = $state.raw<MlflowServer[]>();
	#serverId = $state<string>();
	readonly localModels = new Query(() => registry().listModels({ limit: 1000 }));
	readonly pull = new MlflowPull(() => this.serverId);
	readonly push = new MlflowPush(() => this.serverId);

	constructor() {
		void attempt(async () => {
			this.#servers = await registry().listServers();
			this.#serverId ??= this.#servers[0]?.id;
		});
	}

	/** The servers saved in Settings; undefined until read. */
	get servers(): MlflowServer[] | undefined {
		return this.#servers;
	}

	get serverId(): string | undefined {
		return this.#serverId;
	}

	/** Another server: what was listed, chosen or previewed for the last one says nothing about it. */
	set serverId(id: string | undefined) {
		if (id === this.#serverId) return;
		this.#serverId = id;
		this.pull.reset();
		this.push.discard();
	}

	get server(): MlflowServer | undefined {
		return this.#servers?.find((s) => s.id === this.serverId);
	}

	get address(): Record<string, string> {
		return this.push.chosen.length > 0 ? { push: this.push.chosen.join(',') } : {};
	}

	/** Model names cannot hold a comma; a part that is not a model name is left out. */
	applyAddress(params: URLSearchParams): void {
		this.push.chosen = (params.get('push') ?? '').split(',').filter(isModelName);
	}

	dispose(): void {
		this.pull.dispose();
		this.push.dispose();
	}
}
