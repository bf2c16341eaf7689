import { afterEach, describe, expect, it } from 'vitest';
import { ServerStore } from '$lib/store/server-store';
import { uniqueDatabaseName } from '../stores';

const opened: ServerStore[] = [];
afterEach(() => opened.splice(0).forEach((store) => store.close()));

function openStore(): ServerStore {
	const store = new ServerStore(uniqueDatabaseName());
	opened.push(store);
	return store;
}

const server = (id: string, url = `http://${id}.example`) => ({ id, url });

describe('the MLflow servers of this browser', () => {
	it('list in the order they were added, and an edited one keeps its place', async () => {
		const store = openStore();
		// Ids that sort the other way round: the order is the adding, not the id.
		for (const id of ['c', 'b', 'a']) await store.put(server(id));
		await store.put({ ...server('c', 'http://moved.example'), auth: { kind: 'token', token: 't' } });
		expect(await store.list()).toEqual([
			{ id: 'c', url: 'http://moved.example', auth: { kind: 'token', token: 't' } },
			server('b'),
			server('a')
		]);
		expect(await store.get('b')).toEqual(server('b'));
	});

	it('remember what each pull brought, model by model, and forget a removed server', async () => {
		const store = openStore();
		await store.put(server('s'));
		await store.recordPulled('s', { churn: 10 });
		await store.recordPulled('s', { fraud: 20, churn: 30 });
		expect((await store.get('s'))?.pulled).toEqual({ churn: 30, fraud: 20 });
		await store.recordPulled('gone', { churn: 1 });
		await store.remove('s');
		expect(await store.list()).toEqual([]);
	});
});
