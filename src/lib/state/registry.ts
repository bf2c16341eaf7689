/**
 * How state reaches the registry: the one place that knows it runs in a worker. Everything under
 * `state/` calls the registry through `registry()` and starts long work through `client()`; by
 * default that is this tab's worker (`worker/client.ts`). Tests hand `useRegistry` a registry
 * running in-process over fake-indexeddb, so state classes are tested against the real thing.
 */
import * as worker from '../worker/client';
import type { RegistryApi, RegistryChange } from '../worker/contract';

export type { ImportPreview, ProgressListener, RegistryChange, SampleDataResult } from '../worker/contract';

/** A running job of the registry's: its result, and how to stop it. */
export type RegistryJob<T> = worker.Task<T>;

export interface RegistryClient {
	registry(): RegistryApi;
	registerVersion: typeof worker.registerVersion;
	loadSampleData: typeof worker.loadSampleData;
	exportBundle: typeof worker.exportBundle;
	applyImport: typeof worker.applyImport;
	verifyRegistry: typeof worker.verifyRegistry;
	zipFolder: typeof worker.zipFolder;
	testConnection: typeof worker.testConnection;
	previewPull: typeof worker.previewPull;
	applyPull: typeof worker.applyPull;
	pushVersions: typeof worker.pushVersions;
	onRegistryChange(listener: (change: RegistryChange) => void): () => void;
}

let current: RegistryClient = worker;

/** Points state at another registry; the app never calls it, tests do before creating state. */
export function useRegistry(next: RegistryClient): void {
	current = next;
}

export function client(): RegistryClient {
	return current;
}

export function registry(): RegistryApi {
	return current.registry();
}
