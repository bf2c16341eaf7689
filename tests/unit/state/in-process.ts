/**
 * State pointed at a real registry running in this process: the worker's own api (`createRegistryApi`)
 * over IndexedDB (fake-indexeddb), with its change announcements on a BroadcastChannel of its own.
 * Only the transport differs from the app: calls are direct instead of crossing to a worker.
 */
import { afterAll, afterEach } from 'vitest';
import { DexieModelStore } from '$lib';
import { useRegistry, type RegistryClient, type RegistryJob } from '$lib/state/registry';
import { ServerStore } from '$lib/store/server-store';
import { createRegistryApi, type LocalRegistryApi } from '$lib/worker/api';
import type { ProgressListener, RegistryChange } from '$lib/worker/contract';
import { uniqueDatabaseName } from '../stores';

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
	for (const thing of opened.splice(0)) await thing.close();
});

// One channel for the test file: the change feed (`state/changes`) is one per page, and so it listens
// to the first registry it is given for the rest of the file. Each test's registry announces here.
const channel = `state-changes-${crypto.randomUUID()}`;
const listeners: BroadcastChannel[] = [];
afterAll(() => listeners.forEach((listener) => listener.close()));

/** A registry of its own, not the one state uses: e.g. another browser a bundle comes from. */
export function otherRegistry(): LocalRegistryApi {
	const api = createRegistryApi({
		store: new DexieModelStore({ name: uniqueDatabaseName() }),
		channel: `state-other-${crypto.randomUUID()}`
	});
	opened.push(api);
	return api;
}

/** A fresh registry, and state pointed at it; closed after the test. */
export function useRegistryInProcess(): LocalRegistryApi {
	const api = createRegistryApi({
		store: new DexieModelStore({ name: uniqueDatabaseName() }),
		servers: new ServerStore(uniqueDatabaseName()),
		channel
	});
	opened.push(api);
	useRegistry(inProcessClient(api));
	return api;
}

function inProcessClient(api: LocalRegistryApi): RegistryClient {
	// As worker/client.ts starts a task: an id of the page's, which `cancel` names.
	function start<T>(run: (taskId: string, onProgress: ProgressListener) => Promise<T>) {
		return (onProgress: ProgressListener): RegistryJob<T> => {
			const taskId = crypto.randomUUID();
			return { result: run(taskId, onProgress), cancel: () => void api.cancel(taskId) };
		};
	}
	return {
		registry: () => api,
		registerVersion: (input, onProgress) =>
			start((id, progress) => api.register(input, id, progress))(onProgress),
		loadSampleData: (onProgress) => start((id, progress) => api.loadSampleData(id, progress))(onProgress),
		exportBundle: (selection, target, onProgress) =>
			start((id, progress) => api.exportBundle(selection, target, id, progress))(onProgress),
		applyImport: (importId, policy, onProgress) =>
			start((id, progress) => api.applyImport(importId, policy, id, progress))(onProgress),
		verifyRegistry: (onProgress) => start((id, progress) => api.verify(id, progress))(onProgress),
		zipFolder: (name, version, onProgress) =>
			start((id, progress) => api.zipFolder(name, version, id, progress))(onProgress),
		testConnection: (input) => start((id) => api.testConnection(input, id))(() => undefined),
		previewPull: (serverId, request, onProgress) =>
			start((id, progress) => api.previewPull(serverId, request, id, progress))(onProgress),
		applyPull: (pullId, policy) => start((id) => api.applyPull(pullId, policy, id))(() => undefined),
		pushVersions: (pushId, only, onProgress) =>
			start((id, progress) => api.push(pushId, only, id, progress))(onProgress),
		onRegistryChange: (listener) => {
			const page = new BroadcastChannel(channel);
			page.onmessage = (event: MessageEvent<RegistryChange>) => listener(event.data);
			listeners.push(page);
			return () => page.close();
		}
	};
}
