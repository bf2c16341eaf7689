/**
 * A database written by schema version 1 (tests/fixtures/databases/registry-v1.json, restored with
 * raw IndexedDB and no code of the app's) opens in the current app with nothing lost.
 */
import { describe, expect, it } from 'vitest';
import { DexieModelStore, ModelRegistry, type ModelVersion, type RegistryEvent } from '$lib';
import dump from '../../fixtures/databases/registry-v1.json';
import { restoreDatabase, type DatabaseDump } from '../../fixtures/databases/idb-dump';
import { uniqueDatabaseName } from '../stores';

const recordsOf = (store: string) =>
	(dump as DatabaseDump).stores.find((s) => s.name === store)!.records.map((r) => r.value);

describe('a database from schema version 1', () => {
	it('opens in the current app with every record, byte and event, and passes the check', async () => {
		const name = uniqueDatabaseName();
		await restoreDatabase({ dump: dump as DatabaseDump, name });
		const registry = new ModelRegistry(new DexieModelStore({ name }));

		const models = await registry.listModels({ limit: 100 });
		expect(models.items).toEqual(recordsOf('models'));
		for (const stored of recordsOf('versions') as Array<ModelVersion & { semverKey: string }>) {
			const { semverKey: _key, ...version } = stored;
			expect(await registry.getVersion(version.modelName, version.version)).toEqual(version);
		}
		const events = recordsOf('events') as RegistryEvent[];
		for (const model of ['churn-classifier', 'fraud-detector', 'retired'])
			expect(await registry.history(model)).toEqual(events.filter((e) => e.model === model));
		const artifact = await registry.loadArtifact('churn-classifier', '1.1.0');
		expect(await artifact!.text()).toBe('churn-2');

		// The indexes still answer: SemVer order, the production version, an alias.
		expect((await registry.listVersions('churn-classifier')).items.map((v) => v.version)).toEqual([
			'1.1.0',
			'1.1.0-rc.1',
			'1.0.0'
		]);
		expect((await registry.getProductionModel('churn-classifier'))?.version).toBe('1.1.0');
		expect((await registry.getByAlias('churn-classifier', 'baseline'))?.stage).toBe('archived');
		expect(await registry.verify()).toMatchObject({
			checked: { models: 2, versions: 4, artifacts: 2 },
			problems: []
		});

		// And it takes new work.
		await registry.register({ name: 'churn-classifier', version: '2.0.0' });
		expect((await registry.getLatest('churn-classifier'))?.version).toBe('2.0.0');
		await registry.close();
	});
});
