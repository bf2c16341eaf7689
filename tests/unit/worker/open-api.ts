/** A worker api in-process for one test: its own database and change channel, closed when the test ends. */
import { afterEach } from 'vitest';
import { DexieModelStore } from '$lib';
import { ServerStore } from '$lib/store/server-store';
import { createRegistryApi } from '$lib/worker/api';
import { uniqueDatabaseName } from '../stores';

const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
	for (const thing of opened.splice(0)) await thing.close();
});

export function openApi() {
	const api = createRegistryApi({
		store: new DexieModelStore({ name: uniqueDatabaseName() }),
		servers: new ServerStore(uniqueDatabaseName()),
		channel: `test-${crypto.randomUUID()}`
	});
	opened.push(api);
	return api;
}
