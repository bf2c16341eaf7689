import * as Comlink from 'comlink';
// Inline: the worker's code travels inside the page, so it starts from a blob: URL under file:// too.
import RegistryWorker from './registry.worker?worker&inline';
import type { RegistryApi } from './contract';

let client: Comlink.Remote<RegistryApi> | undefined;

/** The registry running in this tab's worker, started on first use. */
export function registryClient(): Comlink.Remote<RegistryApi> {
	client ??= Comlink.wrap<RegistryApi>(new RegistryWorker());
	return client;
}
