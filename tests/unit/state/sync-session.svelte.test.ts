import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncSession } from '$lib/state/sync-session.svelte';
import { useRegistryInProcess } from './in-process';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

/** The MLflow page's state, as the page makes it, once the saved servers are read. */
async function openSession(): Promise<SyncSession> {
	let session!: SyncSession;
	stop = $effect.root(() => {
		session = new SyncSession();
	});
	flushSync();
	await expect.poll(() => session.servers).toBeDefined();
	return session;
}

describe('the MLflow page', () => {
	it('starts on the first saved server, and forgets what was chosen on one server when another is chosen', async () => {
		const api = useRegistryInProcess();
		// Port 9 (discard): nothing answers, at once.
		const first = await api.saveServer({ url: 'http://127.0.0.1:9' });
		const second = await api.saveServer({ url: 'http://127.0.0.1:9/other' });

		const session = await openSession();
		expect(session.serverId).toBe(first.id);
		await session.pull.listModels();
		expect(session.pull.problem).toMatch(/No server answered at http:\/\/127\.0\.0\.1:9/);
		session.pull.chosen = ['churn'];
		session.push.chosen = ['churn'];

		session.serverId = second.id;
		expect(session.server?.url).toBe('http://127.0.0.1:9/other');
		expect(session.pull.chosen).toEqual([]);
		expect(session.pull.problem).toBeUndefined();
		// What to push is this registry's: it stays chosen.
		expect(session.push.chosen).toEqual(['churn']);
	});
});
