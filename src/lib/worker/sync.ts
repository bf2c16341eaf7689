/**
 * MLflow sync in the worker: the servers this browser knows, connection tests, and pulls and pushes
 * in two steps like a bundle import — a preview the person reads, then the work they confirm. A pull
 * is applied exactly as an import (one transaction, same plan, same history); a push sends only what
 * the server does not hold yet.
 */
import { RegistryError, type ModelRegistry, type ModelVersion } from '../registry';
import type { ServerStore } from '../store/server-store';
import { MlflowClient } from '../sync/client';
import { listRemoteModels, testConnection } from '../sync/connection';
import { pullModels } from '../sync/pull';
import { planPush, pushVersions } from '../sync/push';
import { checkServerInput } from '../sync/server-input';
import type { MlflowServer, PulledModels } from '../sync/types';
import type { RegistryApi } from './contract';
import { withRoomFor, type Estimate } from './storage-room';
import { throttled, type Tasks } from './tasks';
import type { Lock } from './transfer';
import type { Write } from './write-queue';

export interface SyncParts {
	registry: ModelRegistry;
	servers: ServerStore;
	write: Write;
	tasks: Tasks;
	lock: Lock;
	estimate?: Estimate;
	/** The fetch the MLflow client uses; tests may hand one that counts requests. */
	fetch?: typeof fetch;
}

export type SyncApi = Pick<
	RegistryApi,
	| 'listServers'
	| 'saveServer'
	| 'removeServer'
	| 'testConnection'
	| 'listRemoteModels'
	| 'previewPull'
	| 'applyPull'
	| 'discardPull'
	| 'previewPush'
	| 'push'
	| 'discardPush'
>;

interface OpenPull extends PulledModels {
	serverId: string;
	url: string;
}

interface OpenPush {
	server: MlflowServer;
	versions: Array<{ model: string; version: string }>;
}

const gone = (what: string) =>
	new RegistryError('NOT_FOUND', `This ${what} is no longer open. Start it again.`);

export function createSync({ registry, servers, write, tasks, lock, estimate, fetch }: SyncParts): SyncApi {
	const pulls = new Map<string, OpenPull>();
	const pushes = new Map<string, OpenPush>();
	const clientFor = (server: Pick<MlflowServer, 'url' | 'auth'>) => new MlflowClient(server, { fetch });

	async function server(id: string): Promise<MlflowServer> {
		const found = await servers.get(id);
		if (!found) throw new RegistryError('NOT_FOUND', 'This MLflow server is no longer in Settings.');
		return found;
	}

	async function applyOpenPull(
		pullId: string,
		policy: Parameters<RegistryApi['applyPull']>[1],
		signal: AbortSignal
	) {
		const pull = pulls.get(pullId);
		if (!pull) throw gone('pull');
		const bytes = [...pull.artifacts.values()].reduce((sum, blob) => sum + blob.size, 0);
		const result = await withRoomFor(
			bytes,
			async () => {
				if (signal.aborted)
					throw new RegistryError('CANCELLED', 'The pull was cancelled; nothing was changed.');
				return registry.importSnapshots(pull.snapshots, {
					policy,
					artifacts: pull.artifacts,
					pulledFrom: pull.url
				});
			},
			estimate
		);
		pulls.delete(pullId);
		await servers.recordPulled(pull.serverId, pull.pulled);
		return result;
	}

	return {
		listServers: () => servers.list(),
		saveServer: async (input, id) => {
			const checked = checkServerInput(input);
			const earlier = id ? await server(id) : undefined;
			// A new address is another server: what was pulled from the old one says nothing about it.
			const pulled = earlier?.url === checked.url ? earlier.pulled : undefined;
			const saved: MlflowServer = {
				id: earlier?.id ?? crypto.randomUUID(),
				url: checked.url,
				...(checked.auth && { auth: checked.auth }),
				...(pulled && { pulled })
			};
			await servers.put(saved);
			return saved;
		},
		removeServer: (id) => servers.remove(id),
		testConnection: (input, taskId) =>
			tasks.run(taskId, (signal) => testConnection(clientFor(checkServerInput(input)), signal)),
		listRemoteModels: (serverId, taskId) =>
			tasks.run(taskId, async (signal) => listRemoteModels(clientFor(await server(serverId)), signal)),
		previewPull: (serverId, request, taskId, onProgress) =>
			tasks.run(taskId, async (signal) => {
				const from = await server(serverId);
				const pulled = await pullModels(
					clientFor(from),
					from,
					request,
					(model, version) => registry.getVersion(model, version),
					{ signal, onProgress: throttled(onProgress) }
				);
				const plan = await registry.planImport(pulled.snapshots);
				const pullId = crypto.randomUUID();
				pulls.set(pullId, { ...pulled, serverId, url: from.url });
				return {
					pullId,
					plan,
					models: pulled.snapshots.length,
					versions: pulled.snapshots.reduce((sum, s) => sum + s.versions.length, 0),
					...fileTotals(pulled.snapshots.flatMap((s) => s.versions)),
					notCarried: pulled.notCarried
				};
			}),
		applyPull: (pullId, policy, taskId) =>
			tasks.run(taskId, (signal) =>
				write(
					() => lock(() => applyOpenPull(pullId, policy, signal)),
					(result) => (result.models > 0 ? { kind: 'imported' } : undefined)
				)
			),
		discardPull: async (pullId) => {
			pulls.delete(pullId);
		},
		previewPush: (serverId, versions, taskId) =>
			tasks.run(taskId, async (signal) => {
				const to = await server(serverId);
				const items = await localVersions(registry, versions);
				const plan = await planPush(clientFor(to), items, signal);
				const pushId = crypto.randomUUID();
				pushes.set(pushId, { server: to, versions });
				return {
					pushId,
					items: plan.items,
					notCarried: plan.notCarried,
					...fileTotals(items.map((item) => item.version))
				};
			}),
		push: (pushId, only, taskId, onProgress) =>
			tasks.run(taskId, async (signal) => {
				const open = pushes.get(pushId);
				if (!open) throw gone('push');
				const chosen = only
					? open.versions.filter((v) => only.some((o) => o.model === v.model && o.version === v.version))
					: open.versions;
				const items = await Promise.all(
					(await localVersions(registry, chosen)).map(async (item) => ({
						...item,
						files: (await registry.loadFiles(item.model.name, item.version.version)).map(
							({ file, blob }) => ({
								path: file.path,
								blob
							})
						)
					}))
				);
				const result = await pushVersions(clientFor(open.server), items, {
					signal,
					onProgress: throttled(onProgress)
				});
				pushes.delete(pushId);
				return result;
			}),
		discardPush: async (pushId) => {
			pushes.delete(pushId);
		}
	};
}

/** The distinct files the versions hold (shared content once) and their bytes: what a pull or push moves at most. */
function fileTotals(versions: readonly ModelVersion[]): { files: number; fileBytes: number } {
	const sizes = new Map(versions.flatMap((v) => (v.files ?? []).map((f) => [f.sha256, f.size])));
	return { files: sizes.size, fileBytes: [...sizes.values()].reduce((sum, size) => sum + size, 0) };
}

/** Each chosen version with its model, as stored now; one that is gone is named. Each model is read once. */
async function localVersions(registry: ModelRegistry, versions: Array<{ model: string; version: string }>) {
	const names = [...new Set(versions.map((v) => v.model))];
	const models = new Map(
		await Promise.all(names.map(async (name) => [name, await registry.getModel(name)] as const))
	);
	return Promise.all(
		versions.map(async ({ model: name, version: number }) => {
			const model = models.get(name);
			const version = await registry.getVersion(name, number);
			if (!model || !version) {
				throw new RegistryError(
					'NOT_FOUND',
					`Version ${number} of model ${name} does not exist any more. Review the push again.`
				);
			}
			return { model, version };
		})
	);
}
