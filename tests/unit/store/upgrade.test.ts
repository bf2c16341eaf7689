/**
 * Databases written by earlier schema versions (tests/fixtures/databases/registry-v<n>.json, restored
 * with raw IndexedDB and no code of the app's) open in the current app with nothing lost.
 */
import { describe, expect, it } from 'vitest';
import {
	DexieModelStore,
	ModelRegistry,
	pathProblem,
	semverKey,
	summarizeBucket,
	textGrams,
	type SearchFilter,
	type ModelVersion,
	type RegistryEvent
} from '$lib';
import { searchIndexKeys, upgradeVersionRow } from '$lib/store/database';
import { aVersion } from '../builders';
import dump from '../../fixtures/databases/registry-v1.json';
import dumpV2 from '../../fixtures/databases/registry-v2.json';
import dumpV3 from '../../fixtures/databases/registry-v3.json';
import { restoreDatabase, type DatabaseDump } from '../../fixtures/databases/idb-dump';
import { refusal, uniqueDatabaseName } from '../stores';

const recordsOf = (store: string) =>
	(dump as DatabaseDump).stores.find((s) => s.name === store)!.records.map((r) => r.value);

/** A version as schema version 1 stored it: at most one file, named by `filename`. */
type StoredV1 = Omit<ModelVersion, 'files'> & {
	semverKey: string;
	artifact?: { sha256: string; size: number; mediaType: string; filename: string };
};
const withoutFilename = ({ filename: _f, ...rest }: NonNullable<StoredV1['artifact']>) => rest;

// churn-1.bin is shared by churn-classifier 1.0.0 and 1.1.0-rc.1; churn-2.bin is 1.1.0's alone.
const CHURN_1 = '2911b83530c9ff46abe8fec1b00b3fb5eacc5303cc6457cc42dc356a8e261dc3';
const CHURN_2 = 'e4e8ae1c74665fb93aeed5abf2e3882d9987b672871c0b14b72bc576ec25ffde';

describe('a database from schema version 1', () => {
	it('opens in the current app with every record, byte and event, and passes the check', async () => {
		const name = uniqueDatabaseName();
		await restoreDatabase({ dump: dump as DatabaseDump, name });
		const registry = new ModelRegistry(new DexieModelStore({ name }));

		const models = await registry.listModels({ limit: 100 });
		expect(models.items).toEqual(recordsOf('models'));
		// Every version as it was, but for its one artifact, which is now a folder of one.
		for (const stored of recordsOf('versions') as StoredV1[]) {
			const { semverKey: _key, artifact, ...version } = stored;
			expect(await registry.getVersion(version.modelName, version.version)).toEqual({
				...version,
				...(artifact && { files: [{ path: artifact.filename, ...withoutFilename(artifact) }] })
			});
		}
		const events = recordsOf('events') as RegistryEvent[];
		for (const model of ['churn-classifier', 'fraud-detector', 'retired'])
			expect(await registry.history(model)).toEqual(events.filter((e) => e.model === model));
		const file = await registry.loadFile('churn-classifier', '1.1.0', 'churn-2.bin');
		expect(await file.text()).toBe('churn-2');

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
		// The metric indexes of schema version 3 were built from the rows as they were.
		expect(await registry.knownMetrics()).toEqual(['accuracy', 'f1Score', 'auc', 'loss']);

		// And it takes new work.
		await registry.register({ name: 'churn-classifier', version: '2.0.0' });
		expect((await registry.getLatest('churn-classifier'))?.version).toBe('2.0.0');
		await registry.close();
	});

	it("turns a version's one artifact into a folder of one, whose bytes go with the last version using them", async () => {
		const name = uniqueDatabaseName();
		await restoreDatabase({ dump: dump as DatabaseDump, name });
		const store = new DexieModelStore({ name });
		const registry = new ModelRegistry(store);

		expect((await registry.getVersion('churn-classifier', '1.1.0'))?.files).toEqual([
			{ path: 'churn-2.bin', sha256: CHURN_2, size: 7, mediaType: 'application/octet-stream' }
		]);
		expect((await registry.getVersion('fraud-detector', '0.2.0'))?.files).toBeUndefined();
		const blob = await registry.loadFile('churn-classifier', '1.0.0', 'churn-1.bin');
		expect([await blob.text(), blob.type]).toEqual(['churn-1', 'application/octet-stream']);
		const missing = await refusal(registry.loadFile('churn-classifier', '1.0.0', 'churn-2.bin'));
		expect(missing.code).toBe('NOT_FOUND');

		// The new index counts the versions that hold each content, so deleting frees only what is unused.
		expect(await store.read((tx) => tx.countArtifactRefs(CHURN_1))).toBe(2);
		await registry.deleteVersion('churn-classifier', '1.0.0');
		expect(await store.read((tx) => tx.hasArtifact(CHURN_1))).toBe(true);
		expect(await (await registry.loadFile('churn-classifier', '1.1.0-rc.1', 'churn-1.bin')).text()).toBe(
			'churn-1'
		);
		await registry.deleteVersion('churn-classifier', '1.1.0-rc.1');
		expect(await store.read((tx) => tx.hasArtifact(CHURN_1))).toBe(false);
		await registry.deleteVersion('churn-classifier', '1.1.0');
		expect(await store.read((tx) => tx.artifactHashes())).toEqual([]);
		expect(await registry.verify()).toMatchObject({ checked: { artifacts: 0 }, problems: [] });
		await registry.close();
	});

	it('gives every file name version 1 kept a path the registry can load it by', () => {
		const names = ['model.pkl', 'c:model.pkl', 'tab\there.bin', '..', ' ', 'é'.repeat(255)];
		for (const filename of names) {
			const row = {
				...aVersion(),
				semverKey: '',
				fileHashes: [],
				artifact: { sha256: CHURN_1, size: 7, mediaType: 'application/octet-stream', filename }
			};
			upgradeVersionRow(row);
			expect(row).not.toHaveProperty('artifact');
			expect(row.fileHashes).toEqual([CHURN_1]);
			expect(row.files).toMatchObject([{ sha256: CHURN_1, size: 7, mediaType: 'application/octet-stream' }]);
			expect(pathProblem(row.files![0]!.path), JSON.stringify(filename)).toBeUndefined();
		}
		const plain = { ...aVersion(), semverKey: '', fileHashes: [] };
		upgradeVersionRow(plain);
		expect([plain.files, plain.fileHashes]).toEqual([undefined, []]);
	});
});

describe('a database from schema version 2', () => {
	const v2 = dumpV2 as DatabaseDump;
	const versionsOf = () =>
		v2.stores.find((s) => s.name === 'versions')!.records.map((r) => r.value) as Array<
			ModelVersion & { semverKey: string; fileHashes: string[] }
		>;

	it('opens with every version as it was, and ranks by metrics from the indexes it builds', async () => {
		const name = uniqueDatabaseName();
		await restoreDatabase({ dump: v2, name });
		const registry = new ModelRegistry(new DexieModelStore({ name }));

		for (const { semverKey: _key, fileHashes: _hashes, ...version } of versionsOf())
			expect(await registry.getVersion(version.modelName, version.version)).toEqual(version);
		expect(await registry.knownMetrics()).toEqual(['accuracy', 'recall', 'f1Score', 'auc', 'loss']);
		const ranked = async (metric: string, query = {}) =>
			(await registry.leaderboard(metric, query)).map((e) => `${e.rank} ${e.model}:${e.version} ${e.value}`);
		expect(await ranked('accuracy')).toEqual([
			'1 churn-classifier:1.1.0 0.86',
			'2 churn-classifier:1.1.0-rc.1 0.84',
			'3 churn-classifier:1.0.0 0.81'
		]);
		// Loss is lower-better by its name; fraud-detector chose lower-better for recall.
		expect(await ranked('loss')).toEqual(['1 fraud-detector:0.3.0 0.25', '2 fraud-detector:0.2.0 0.3']);
		expect(await registry.leaderboardDirection('recall', 'fraud-detector')).toBe('lower');
		expect(await ranked('f1Score', { bestPerModel: true })).toEqual(['1 churn-classifier:1.1.0 0.8']);

		// Each model's chart summary is built from its versions.
		const store = new DexieModelStore({ name });
		for (const model of ['churn-classifier', 'fraud-detector']) {
			const versions = versionsOf()
				.filter((v) => v.modelName === model)
				.sort((a, b) => (a.semverKey < b.semverKey ? -1 : 1));
			expect(await store.read((tx) => tx.seriesBuckets(model))).toEqual([
				summarizeBucket(
					model,
					'',
					versions.map(({ semverKey: _k, fileHashes: _h, ...v }) => v)
				)
			]);
		}
		await store.close();

		// New work goes into the indexes too.
		await registry.register({ name: 'fraud-detector', version: '0.4.0', metrics: { custom: { loss: 0.1 } } });
		expect((await ranked('loss'))[0]).toBe('1 fraud-detector:0.4.0 0.1');
		await registry.deleteVersion('fraud-detector', '0.3.0');
		expect(await registry.knownMetrics()).toEqual(['accuracy', 'f1Score', 'auc', 'loss']);
		expect(await registry.verify()).toMatchObject({ problems: [] });
		await registry.close();
	});
});

describe('a database from schema version 3', () => {
	const v3 = dumpV3 as DatabaseDump;
	const versionsOf = () =>
		v3.stores.find((s) => s.name === 'versions')!.records.map((r) => r.value) as Array<
			ModelVersion & Record<'semverKey' | 'fileHashes' | 'metricKeys' | 'modelMetricKeys', unknown>
		>;

	it('opens with every version as it was, each row holding the search keys its record gives', async () => {
		const name = uniqueDatabaseName();
		await restoreDatabase({ dump: v3, name });
		const store = new DexieModelStore({ name });
		const registry = new ModelRegistry(store);

		for (const {
			semverKey: _k,
			fileHashes: _h,
			metricKeys: _m,
			modelMetricKeys: _mm,
			...version
		} of versionsOf())
			expect(await registry.getVersion(version.modelName, version.version)).toEqual(version);
		const row = await store.db.versions.get(['fraud-detector', '0.3.0']);
		expect(row?.tagKeys).toEqual([
			['Team', 'Risk-Ops', 'fraud-detector', semverKey('0.3.0')],
			['region', 'eu-west', 'fraud-detector', semverKey('0.3.0')]
		]);
		expect(row?.textGrams.map(([gram]) => gram)).toEqual(
			expect.arrayContaining(['0.3', '.0', '0', 'ünï', 'wee', 'ris'])
		);
		for (const stored of await store.db.versions.toArray()) {
			expect(stored.textGrams.map(([gram]) => gram)).toEqual(textGrams(stored));
			expect([stored.tagKeys, stored.textGrams]).toEqual(Object.values(searchIndexKeys(stored)));
		}
		// Search finds through the new indexes what the rows said before the upgrade.
		const found = async (filter: SearchFilter) =>
			(await registry.search(filter)).items.map((v) => v.fullName);
		expect(await found({ text: 'WEEKLY' })).toEqual(['fraud-detector:0.3.0']);
		expect(await found({ tags: { dataset: '*' } })).toEqual([
			'churn-classifier:1.0.0',
			'churn-classifier:1.1.0'
		]);
		expect(await found({ tags: { region: 'eu-west' }, stages: ['development'] })).toEqual([
			'fraud-detector:0.3.0'
		]);
		expect(await found({ text: 'boost', frameworks: ['sklearn'] })).toEqual(['churn-classifier:1.0.0']);
		expect(await registry.verify()).toMatchObject({ problems: [] });
		await registry.close();
	});
});
