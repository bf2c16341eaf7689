/**
 * A model's summary and the one rule for which version stays in production: the rule itself, and
 * that register, stage change, delete, import, verify and repair all keep to it.
 */
import { describe, expect, it } from 'vitest';
import {
	keptInProduction,
	ModelRegistry,
	sameSummary,
	summarize,
	type ModelStore,
	type ModelVersion
} from '$lib';
import { STORES } from '../stores';
import { aVersion } from '../builders';

const version = (v: string, updatedAt: string, stage: ModelVersion['stage'] = 'production'): ModelVersion =>
	aVersion({ version: v, stage, updatedAt });

describe('keptInProduction', () => {
	const old = version('2.0.0', '2026-01-01T00:00:00.000Z');
	const recent = version('1.0.0', '2026-03-01T00:00:00.000Z');
	const tied = version('1.5.0', '2026-03-01T00:00:00.000Z');

	it('keeps a version the write at hand promotes, then the one the record names, then the one changed last', () => {
		const all = [old, recent, tied];
		expect(keptInProduction(all, { promoted: new Set(['2.0.0']), named: '1.0.0' })).toBe(old);
		expect(keptInProduction(all, { named: '1.0.0' })).toBe(recent);
		// Changed at the same moment: the higher SemVer, whatever the order they were read in.
		expect(keptInProduction(all)).toBe(tied);
		expect(keptInProduction([...all].reverse())).toBe(tied);
		expect(keptInProduction([old, recent], { named: '9.9.9' })).toBe(recent);
		expect(keptInProduction([])).toBeUndefined();
	});

	it('names the kept version in a summary computed from versions', () => {
		const summary = summarize([old, recent, version('3.0.0', '2026-01-01T00:00:00.000Z', 'staging')], {
			named: '2.0.0'
		});
		expect(summary).toEqual({
			versionCount: 3,
			stageCounts: { development: 0, staging: 1, production: 2, archived: 0 },
			latestVersion: '3.0.0',
			framework: 'custom',
			productionVersion: '2.0.0'
		});
		expect(summarize([])).toEqual({
			versionCount: 0,
			stageCounts: { development: 0, staging: 0, production: 0, archived: 0 }
		});
	});
});

describe.each(STORES)('summaries and the production rule over %s', (_, makeStore) => {
	async function setUp() {
		const store: ModelStore = makeStore();
		let clock = Date.parse('2026-01-01T00:00:00Z');
		const registry = new ModelRegistry(store, { now: () => new Date((clock += 1000)) });
		return { store, registry };
	}

	it('keeps the summary step by step exactly as computing it from the versions gives', async () => {
		const { registry } = await setUp();
		const check = async () => {
			const model = (await registry.getModel('m'))!;
			const versions = (await registry.listVersions('m', { limit: 1000 })).items;
			expect(sameSummary(model, versions), JSON.stringify(model)).toBe(true);
		};
		for (const v of ['1.0.0', '2.0.0', '1.5.0', '2.0.0-rc.1']) {
			await registry.register({ name: 'm', version: v, framework: v === '2.0.0' ? 'onnx' : 'sklearn' });
			await check();
		}
		await registry.transitionStage('m', '1.5.0', 'production');
		await check();
		await registry.transitionStage('m', '2.0.0', 'production');
		await check();
		await registry.transitionStage('m', '1.0.0', 'staging');
		await check();
		await registry.deleteVersion('m', '2.0.0');
		await check();
		expect(await registry.getModel('m')).toMatchObject({ latestVersion: '2.0.0-rc.1', framework: 'sklearn' });
		expect((await registry.getModel('m'))?.productionVersion).toBeUndefined();
		await registry.deleteVersion('m', '1.0.0');
		await check();
	});

	it('lets the newest promotion win, in transitionStage and in an import whatever its policy', async () => {
		for (const policy of ['skip', 'replace'] as const) {
			const { registry } = await setUp();
			await registry.register({ name: 'm', version: '1.0.0' });
			await registry.register({ name: 'm', version: '2.0.0' });
			await registry.transitionStage('m', '1.0.0', 'production');
			await registry.transitionStage('m', '2.0.0', 'production');
			expect((await registry.getVersion('m', '1.0.0'))?.stage).toBe('archived');

			const { snapshots } = await registry.snapshot({ versions: [{ model: 'm', version: '2.0.0' }] });
			const incoming = { ...snapshots[0]!.versions[0]!, version: '3.0.0', fullName: 'm:3.0.0' };
			await registry.importSnapshots([{ ...snapshots[0]!, versions: [incoming], history: [] }], {
				policy,
				artifacts: new Map()
			});
			expect((await registry.getProductionModel('m'))?.version).toBe('3.0.0');
			expect((await registry.history('m', '2.0.0')).at(-1)).toMatchObject({
				kind: 'version.stage_changed',
				after: { stage: 'archived', replacedBy: '3.0.0' }
			});
			expect((await registry.verify()).problems).toEqual([]);
		}
	});

	it('repairs two production versions by the same rule, and verify says which one repair keeps', async () => {
		const { store, registry } = await setUp();
		await registry.register({ name: 'm', version: '1.0.0' });
		await registry.register({ name: 'm', version: '2.0.0' });
		await registry.register({ name: 'm', version: '3.0.0' });
		await registry.transitionStage('m', '2.0.0', 'production');
		// Damage no registry call can make: 3.0.0 in production too, and 1.0.0 after it, both behind
		// the record's back. The record still names 2.0.0, so that one stays.
		await store.write(async (tx) => {
			for (const [v, at] of [
				['3.0.0', '2026-06-01T00:00:00.000Z'],
				['1.0.0', '2026-07-01T00:00:00.000Z']
			] as const) {
				const stored = await tx.getVersion('m', v);
				await tx.putVersion({ ...stored!, stage: 'production', updatedAt: at });
			}
		});
		const problem = (await registry.verify()).problems.find((p) => p.kind === 'extra-production');
		expect(problem?.message).toBe(
			'm has 3 production versions (1.0.0, 2.0.0, 3.0.0); a model may have one. Repair keeps 2.0.0 and archives the others.'
		);
		expect(await registry.repair()).toEqual([
			'Archived m:1.0.0, keeping m:2.0.0 as the one production version.',
			'Archived m:3.0.0, keeping m:2.0.0 as the one production version.',
			"Rebuilt m's summary from its versions."
		]);

		// Without a record to name one, the version changed last stays.
		await store.write(async (tx) => {
			const stored = await tx.getVersion('m', '3.0.0');
			await tx.putVersion({ ...stored!, stage: 'production', updatedAt: '2026-08-01T00:00:00.000Z' });
			await tx.deleteModel('m');
		});
		await registry.repair();
		expect((await registry.getProductionModel('m'))?.version).toBe('3.0.0');
		expect((await registry.getVersion('m', '2.0.0'))?.stage).toBe('archived');
		// What is left is the damage itself, which history keeps: 3.0.0 was put in production behind its back.
		expect((await registry.verify()).problems).toEqual([
			expect.objectContaining({ kind: 'history-mismatch', version: '3.0.0' })
		]);
	});
});
