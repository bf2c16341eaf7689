import { describe, expect, inject, it } from 'vitest';
import { RegistryError } from '$lib';
import { openApi } from './open-api';

const url = inject('mlflowUrl');
const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`;

describe('MLflow servers in the worker', () => {
	it('are kept with their sign-in, and a new address forgets what was pulled from the old one', async () => {
		const api = openApi();
		const saved = await api.saveServer({ url: `${url}/`, auth: { kind: 'token', token: 't0k' } });
		expect(saved).toEqual({ id: saved.id, url, auth: { kind: 'token', token: 't0k' } });
		expect(await api.listServers()).toEqual([saved]);

		const changed = await api.saveServer({ url }, saved.id);
		expect(changed).toEqual({ id: saved.id, url });
		await api.removeServer(saved.id);
		expect(await api.listServers()).toEqual([]);
	});

	it('refuses an address that is not one, naming the field, and keeps nothing', async () => {
		const api = openApi();
		await expect(api.saveServer({ url: 'mlflow.example.com' })).rejects.toMatchObject({
			code: 'INVALID_INPUT',
			details: { field: 'url' }
		});
		expect(await api.listServers()).toEqual([]);
	});

	it('tests a connection against the real server', async () => {
		const report = await openApi().testConnection({ url });
		expect(report).toMatchObject({ url, version: '3.17.2', artifactsProxied: true });
	});
});

describe('a push from one registry and a pull into another', () => {
	it('gives the versions back whole, and a second pull changes and records nothing', async () => {
		const name = unique('round-trip');
		const here = openApi();
		await here.register({
			name,
			version: '1.0.0',
			framework: 'sklearn',
			metrics: { accuracy: 0.9, custom: { auc: 0.95 } },
			parameters: { depth: 6, criterion: 'gini' },
			tags: { team: 'growth' },
			description: 'First.',
			files: [
				{ path: 'MLmodel', content: new TextEncoder().encode('flavors:\n  sklearn: {}\n') },
				{ path: 'data/model.pkl', content: new Uint8Array(3000).fill(7) }
			]
		});
		await here.register({ name, version: '1.1.0-rc.1', metrics: { accuracy: 0.92, custom: {} } });
		await here.transitionStage(name, '1.0.0', 'production');
		const { id } = await here.saveServer({ url });

		const preview = await here.previewPush(id, [
			{ model: name, version: '1.0.0' },
			{ model: name, version: '1.1.0-rc.1' }
		]);
		expect(preview.items.map((i) => i.status)).toEqual(['new', 'new']);
		expect(preview.notCarried.join(' ')).toMatch(/pre-release/i);
		expect(await here.push(preview.pushId)).toEqual({ created: 2, alreadyThere: 0 });
		const again = await here.previewPush(id, [{ model: name, version: '1.0.0' }]);
		expect(again.items).toEqual([{ model: name, version: '1.0.0', status: 'pushed', remoteVersion: '1' }]);

		const there = openApi();
		const server = await there.saveServer({ url });
		const pull = await there.previewPull(server.id, { models: [name], onlyChanged: false });
		expect(pull.plan.counts).toMatchObject({ newModels: 1, newVersions: 2 });
		expect(await there.applyPull(pull.pullId, 'skip')).toMatchObject({ models: 1, added: 2 });

		const mine = await here.getVersion(name, '1.0.0');
		const theirs = await there.getVersion(name, '1.0.0');
		expect(theirs).toMatchObject({
			stage: 'production',
			framework: 'sklearn',
			metrics: mine!.metrics,
			parameters: mine!.parameters,
			description: 'First.',
			files: mine!.files
		});
		expect(theirs!.tags).toMatchObject({ team: 'growth', 'mlflow.version': '1', 'mlflow.server': url });
		const bytes = await there.loadFile(name, '1.0.0', 'data/model.pkl');
		expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array(3000).fill(7));

		const events = (await there.history(name)).length;
		const second = await there.previewPull(server.id, { models: [name], onlyChanged: false });
		expect(second.plan.counts).toMatchObject({ newVersions: 0, identical: 2, conflicting: 0 });
		expect(await there.applyPull(second.pullId, 'skip')).toMatchObject({ models: 0, added: 0 });
		expect(await there.history(name)).toHaveLength(events);
	});

	it('pushes only the versions the person kept ticked', async () => {
		const name = unique('chosen');
		const api = openApi();
		for (const version of ['1.0.0', '2.0.0']) await api.register({ name, version, metrics: { custom: {} } });
		const { id } = await api.saveServer({ url });
		const all = [
			{ model: name, version: '1.0.0' },
			{ model: name, version: '2.0.0' }
		];
		const preview = await api.previewPush(id, all);
		expect(await api.push(preview.pushId, [all[1]!])).toEqual({ created: 1, alreadyThere: 0 });
		const after = await api.previewPush(id, all);
		expect(after.items.map((i) => i.status)).toEqual(['new', 'pushed']);
	});

	it('forgets a pull that was discarded', async () => {
		const api = openApi();
		await expect(api.applyPull('no-such-pull', 'skip')).rejects.toSatisfy((error) =>
			RegistryError.is(error, 'NOT_FOUND')
		);
	});
});
