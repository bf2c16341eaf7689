/** verify() finds every broken invariant and repair() fixes what it can without losing a version. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry, type IntegrityReport, type ModelStore } from '$lib';
import { STORES } from '../stores';

const kinds = (report: IntegrityReport) => report.problems.map((p) => p.kind).sort();

describe.each(STORES)('integrity over %s', (_, makeStore) => {
	let store: ModelStore;
	let registry: ModelRegistry;
	const bytes = new TextEncoder().encode('weights');

	beforeEach(async () => {
		store = makeStore();
		registry = new ModelRegistry(store);
		await registry.register({ name: 'churn', version: '1.0.0', artifact: bytes });
		await registry.register({ name: 'churn', version: '2.0.0' });
		await registry.transitionStage('churn', '1.0.0', 'production');
		await registry.setAlias('churn', 'champion', '1.0.0');
	});

	it('finds nothing wrong in a registry only the registry wrote, and says what it checked', async () => {
		const report = await registry.verify();
		expect(report.problems).toEqual([]);
		expect(report.checked).toEqual({ models: 1, versions: 2, artifacts: 1, events: 4 });
	});

	it('reports bytes no version uses, and repair removes them', async () => {
		await store.write((tx) => tx.putArtifact('a'.repeat(64), new Blob(['orphan'])));
		const report = await registry.verify();
		expect(report.problems).toEqual([
			expect.objectContaining({ kind: 'artifact-unreferenced', repairable: true, sha256: 'a'.repeat(64) })
		]);
		expect(report.problems[0]!.message).toMatch(/^6 bytes of artifact bytes .* belong to no version\.$/);
		expect(await registry.repair()).toEqual([expect.stringMatching(/^Removed 6 bytes of artifact bytes/)]);
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('reports bytes an interrupted upload left, and repair removes them but no adopted bytes', async () => {
		const sha256 = (await registry.getVersion('churn', '1.0.0'))!.files![0]!.sha256;
		await store.write(async (tx) => {
			// An upload adopted as an artifact, then one its registration never adopted (the tab closed).
			await tx.putUpload({ id: 'adopted', blob: new Blob(['other']), startedAt: '2026-01-01T00:00:00.000Z' });
			await tx.adoptUpload('adopted', 'b'.repeat(64));
			await tx.putUpload({ id: 'left', blob: new Blob(['partial']), startedAt: '2026-01-02T00:00:00.000Z' });
		});
		expect((await registry.verify()).problems).toEqual([
			expect.objectContaining({ kind: 'artifact-unreferenced', sha256: 'b'.repeat(64) }),
			{
				kind: 'upload-unfinished',
				message:
					'7 bytes stored by a registration that did not finish (started 2026-01-02T00:00:00.000Z) belong to no version.',
				repairable: true
			}
		]);
		expect(await store.read((tx) => tx.getArtifact('b'.repeat(64)))).toHaveProperty('size', 5);
		expect(await registry.repair()).toEqual([
			expect.stringMatching(/^Removed 5 bytes of artifact bytes \(SHA-256 bbbb/),
			'Removed 7 bytes stored by a registration that did not finish (started 2026-01-02T00:00:00.000Z).'
		]);
		expect(await store.read((tx) => tx.strayUploads())).toEqual([]);
		expect(await store.read((tx) => tx.artifactHashes())).toEqual([sha256]);
		expect(await registry.loadFile('churn', '1.0.0', 'artifact')).toHaveProperty('size', bytes.length);
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('reports damaged and missing artifact bytes, which repair cannot fix and leaves alone', async () => {
		const sha256 = (await registry.getVersion('churn', '1.0.0'))!.files![0]!.sha256;
		await store.write((tx) => tx.putArtifact(sha256, new Blob(['tampered'])));
		expect((await registry.verify()).problems).toEqual([
			expect.objectContaining({
				kind: 'artifact-damaged',
				model: 'churn',
				version: '1.0.0',
				repairable: false
			})
		]);
		await store.write((tx) => tx.deleteArtifact(sha256));
		const report = await registry.verify();
		expect(report.problems[0]!.message).toBe(
			'The file artifact of churn:1.0.0 (7 bytes) is missing. Import or register it again.'
		);
		expect(await registry.repair()).toEqual([]);
		expect(await registry.getVersion('churn', '1.0.0')).toBeDefined();
	});

	it('keeps one production version: repair archives the other and records why', async () => {
		await store.write(async (tx) => {
			const v2 = await tx.getVersion('churn', '2.0.0');
			await tx.putVersion({ ...v2!, stage: 'production' });
		});
		expect(kinds(await registry.verify())).toEqual(['extra-production', 'summary-stale']);
		expect(await registry.repair()).toEqual([
			'Archived churn:2.0.0, keeping churn:1.0.0 as the one production version.',
			"Rebuilt churn's summary from its versions."
		]);
		expect((await registry.getProductionModel('churn'))?.version).toBe('1.0.0');
		expect((await registry.history('churn', '2.0.0')).at(-1)).toMatchObject({
			kind: 'version.stage_changed',
			after: { stage: 'archived', keptInProduction: '1.0.0' }
		});
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('reports a standard metric out of its range, and repair keeps the value as a custom metric', async () => {
		// Written before the registry checked ranges: accuracy 1.5 would top every leaderboard.
		await store.write(async (tx) => {
			const v2 = await tx.getVersion('churn', '2.0.0');
			await tx.putVersion({
				...v2!,
				metrics: { accuracy: 1.5, mse: 0.2, custom: { accuracy_out_of_range: 7 } }
			});
		});
		const report = await registry.verify();
		expect(report.problems).toEqual([
			expect.objectContaining({
				kind: 'metric-out-of-range',
				model: 'churn',
				version: '2.0.0',
				repairable: true
			})
		]);
		expect(report.problems[0]!.message).toBe(
			'churn:2.0.0 has accuracy 1.5, but accuracy must be between 0 and 1. Repair moves the value to the ' +
				'custom metric accuracy_out_of_range, so it is kept but no longer ranked as accuracy.'
		);
		expect(await registry.repair()).toEqual([
			"Moved churn:2.0.0's accuracy 1.5 to the custom metric accuracy_out_of_range_2."
		]);
		expect((await registry.getVersion('churn', '2.0.0'))!.metrics).toEqual({
			mse: 0.2,
			custom: { accuracy_out_of_range: 7, accuracy_out_of_range_2: 1.5 }
		});
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('rebuilds a stale or missing model record from the versions, and drops aliases to nothing', async () => {
		await store.write(async (tx) => {
			const model = await tx.getModel('churn');
			await tx.putModel({ ...model!, versionCount: 7, aliases: { ...model!.aliases, ghost: '9.9.9' } });
		});
		expect(kinds(await registry.verify())).toEqual(['alias-dangling', 'summary-stale']);
		await registry.repair();
		expect(await registry.getModel('churn')).toMatchObject({
			versionCount: 2,
			aliases: { champion: '1.0.0' }
		});

		await store.write((tx) => tx.deleteModel('churn'));
		expect(kinds(await registry.verify())).toEqual(['model-missing']);
		expect(await registry.repair()).toEqual(["Recreated churn's model record from its 2 versions."]);
		expect(await registry.getModel('churn')).toMatchObject({
			versionCount: 2,
			latestVersion: '2.0.0',
			productionVersion: '1.0.0'
		});
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('reads the history of a version deleted and registered again from its new registration', async () => {
		await registry.transitionStage('churn', '2.0.0', 'production');
		await registry.deleteVersion('churn', '1.0.0');
		await registry.register({ name: 'churn', version: '1.0.0' });
		expect((await registry.verify()).problems).toEqual([]);
		await registry.deleteModel('churn');
		await registry.register({ name: 'churn', version: '2.0.0' });
		await registry.register({ name: 'churn', version: '1.0.0', artifact: bytes });
		await registry.transitionStage('churn', '1.0.0', 'staging');
		expect((await registry.verify()).problems).toEqual([]);

		await store.write(async (tx) => {
			const v1 = await tx.getVersion('churn', '1.0.0');
			await tx.putVersion({ ...v1!, stage: 'development' });
		});
		expect((await registry.verify()).problems).toContainEqual(
			expect.objectContaining({
				kind: 'history-mismatch',
				message: 'churn:1.0.0 is in development, but its history last moved it to staging.'
			})
		);
	});

	it('takes the stage of a version an import replaced from the import, history or not', async () => {
		const { snapshots } = await registry.snapshot({ models: ['churn'] });
		const [churn] = snapshots;
		const v1 = churn!.versions.find((v) => v.version === '1.0.0')!;
		await registry.importSnapshots(
			[{ ...churn!, versions: [{ ...v1, stage: 'staging', description: 'from elsewhere' }], history: [] }],
			{ policy: 'replace', artifacts: new Map() }
		);
		expect((await registry.getVersion('churn', '1.0.0'))?.stage).toBe('staging');
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('reports a stage its history does not explain, and never rewrites history', async () => {
		await store.write(async (tx) => {
			const v1 = await tx.getVersion('churn', '1.0.0');
			await tx.putVersion({ ...v1!, stage: 'staging' });
		});
		const report = await registry.verify();
		expect(report.problems).toContainEqual(
			expect.objectContaining({
				kind: 'history-mismatch',
				message: 'churn:1.0.0 is in staging, but its history last moved it to production.'
			})
		);
		await registry.repair();
		expect(kinds(await registry.verify())).toEqual(['history-mismatch']);
		expect((await registry.listVersions('churn')).total).toBe(2);
	});
});
