import { describe, expect, it } from 'vitest';
import type { RegisteredModel } from '$lib';
import {
	FRAMEWORK_TAG,
	MODEL_TAG,
	ORIGIN_TAGS,
	VERSION_TAG,
	experimentName,
	runName
} from '../../../src/lib/sync/conventions';
import {
	artifactProxyPath,
	filterString,
	isMlflowAlias,
	isMlflowKey,
	logBatches,
	mlflowDescription,
	mlflowStage,
	modelVersionBody,
	notCarried,
	registeredModelBody,
	runBody,
	versionAliases,
	versionFilter,
	versionMetrics,
	versionParams
} from '../../../src/lib/sync/to-mlflow';
import { aFile, aVersion } from '../builders';

function aModel(patch: Partial<RegisteredModel> = {}): RegisteredModel {
	return {
		name: 'churn',
		description: '',
		tags: {},
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
		versionCount: 1,
		stageCounts: { development: 1, staging: 0, production: 0, archived: 0 },
		aliases: {},
		...patch
	};
}

const AT_MS = Date.parse('2026-01-01T00:00:00.000Z');

describe('a version as MLflow requests', () => {
	it('names the run after the version, in the experiment of its model, tagged so it is found again', () => {
		const version = aVersion({ modelName: 'churn', version: '1.2.0', framework: 'onnx' });
		expect(experimentName('churn')).toBe('model-registry/churn');
		expect(runBody(aModel(), version)).toEqual({
			run_name: runName('churn', '1.2.0'),
			start_time: AT_MS,
			tags: [
				{ key: VERSION_TAG, value: '1.2.0' },
				{ key: MODEL_TAG, value: 'churn' },
				{ key: FRAMEWORK_TAG, value: 'onnx' }
			]
		});
	});

	it('logs standard metrics under their names and custom ones under theirs, at the creation time, step 0', () => {
		const version = aVersion({ metrics: { accuracy: 0.9, f1Score: 0.8, custom: { 'val/loss': 0.25 } } });
		expect(versionMetrics(version)).toEqual([
			{ key: 'accuracy', value: 0.9, timestamp: AT_MS, step: 0 },
			{ key: 'f1Score', value: 0.8, timestamp: AT_MS, step: 0 },
			{ key: 'val/loss', value: 0.25, timestamp: AT_MS, step: 0 }
		]);
	});

	it('sends text params as they are and any other value as JSON text', () => {
		const version = aVersion({
			parameters: { optimizer: 'adam', lr: 0.001, layers: [64, 32], extra: { a: null }, flag: true }
		});
		expect(versionParams(version)).toEqual([
			{ key: 'optimizer', value: 'adam' },
			{ key: 'lr', value: '0.001' },
			{ key: 'layers', value: '[64,32]' },
			{ key: 'extra', value: '{"a":null}' },
			{ key: 'flag', value: 'true' }
		]);
	});

	it('leaves out params, metrics and tags MLflow would refuse or cut', () => {
		const version = aVersion({
			parameters: { ok: 'x', 'bad:key': 'y', long: 'z'.repeat(6001), edge: 'e'.repeat(6000) },
			metrics: { custom: { 'a?b': 1, fine: 2 } },
			tags: {
				team: 'ml',
				'owner:email': 'a@b.c',
				'a//b': 'x',
				big: 'v'.repeat(5001),
				[ORIGIN_TAGS.runId]: 'abc',
				[ORIGIN_TAGS.server]: 'http://x'
			}
		});
		expect(versionParams(version).map((param) => param.key)).toEqual(['ok', 'edge']);
		expect(versionMetrics(version).map((metric) => metric.key)).toEqual(['fine']);
		expect(modelVersionBody(version).tags.map((tag) => tag.key)).toEqual([
			'team',
			VERSION_TAG,
			FRAMEWORK_TAG
		]);
	});

	it('tags the model version with our version and framework, which win over same-named tags of its own', () => {
		const version = aVersion({ version: '2.0.0', tags: { [VERSION_TAG]: '9.9.9', note: 'n' } });
		expect(modelVersionBody(version)).toEqual({
			name: 'm',
			description: '',
			tags: [
				{ key: 'note', value: 'n' },
				{ key: VERSION_TAG, value: '2.0.0' },
				{ key: FRAMEWORK_TAG, value: 'custom' }
			]
		});
	});

	it('maps stages and sends none for development, MLflow’s default', () => {
		expect(mlflowStage(aVersion({ stage: 'development' }))).toBeUndefined();
		expect(mlflowStage(aVersion({ stage: 'staging' }))).toBe('Staging');
		expect(mlflowStage(aVersion({ stage: 'production' }))).toBe('Production');
		expect(mlflowStage(aVersion({ stage: 'archived' }))).toBe('Archived');
	});

	it('sets the aliases that point at the version and that MLflow takes', () => {
		const model = aModel({
			aliases: { champion: '1.0.0', v2: '1.0.0', other: '2.0.0', 'best-now': '1.0.0' }
		});
		expect(versionAliases(model, aVersion({ version: '1.0.0' }))).toEqual(['champion', 'best-now']);
	});

	it('cuts a description over 5,000 characters and marks the cut', () => {
		expect(mlflowDescription('short')).toBe('short');
		const cut = mlflowDescription('é'.repeat(6000));
		expect([...cut]).toHaveLength(5000);
		expect(cut.endsWith('…')).toBe(true);
		expect(
			registeredModelBody(aModel({ description: 'd'.repeat(5001), tags: { 'x:y': '1', ok: '2' } }))
		).toEqual({
			name: 'churn',
			description: 'd'.repeat(4999) + '…',
			tags: [{ key: 'ok', value: '2' }]
		});
	});
});

describe('MLflow’s rules', () => {
	it('takes keys of letters, digits, _ - . / and spaces that resolve to no other path', () => {
		for (const key of ['a', 'val/loss', 'a b', 'x-y_z.1', 'métrique', 'k'.repeat(250)]) {
			expect(isMlflowKey(key), key).toBe(true);
		}
		for (const key of ['', 'a:b', 'a?', '/a', 'a/', 'a//b', './a', 'a/../b', '..', 'k'.repeat(251)]) {
			expect(isMlflowKey(key), key).toBe(false);
		}
	});

	it('takes alias names of [\\w-] but for latest and v<digits>', () => {
		for (const alias of ['champion', 'best-now', 'v2a', 'vx']) expect(isMlflowAlias(alias), alias).toBe(true);
		for (const alias of ['latest', 'Latest', 'v1', 'V22', 'a.b', 'a b'])
			expect(isMlflowAlias(alias), alias).toBe(false);
	});

	it('quotes filter values with the quote they lack, as MLflow has no escapes', () => {
		expect(filterString('a')).toBe("'a'");
		expect(filterString("it's")).toBe('"it\'s"');
		expect(() => filterString(`'"`)).toThrow(/both kinds of quote/);
		expect(versionFilter('churn', '1.0.0-rc.1')).toBe(
			"name='churn' and tags.`model_registry.version` = '1.0.0-rc.1'"
		);
	});

	it('finds a run’s files under the artifact proxy from its artifact_uri', () => {
		expect(artifactProxyPath('mlflow-artifacts:/1/abc/artifacts', 'weights/model.bin')).toBe(
			'1/abc/artifacts/model/weights/model.bin'
		);
		expect(artifactProxyPath('mlflow-artifacts://host:5000/1/abc/artifacts/')).toBe('1/abc/artifacts/model');
		expect(() => artifactProxyPath('s3://bucket/1/abc/artifacts', 'a')).toThrow(/--serve-artifacts/);
	});

	it('splits metrics and params into log-batch calls within MLflow’s limits', () => {
		const metrics = Array.from({ length: 2500 }, (_, i) => ({
			key: `m${i}`,
			value: i,
			timestamp: 0,
			step: 0
		}));
		const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: 'x'.repeat(5000) }));
		const batches = logBatches(metrics, params);
		for (const batch of batches) {
			expect(batch.metrics.length).toBeLessThanOrEqual(1000);
			expect(batch.params.length).toBeLessThanOrEqual(100);
			expect(JSON.stringify({ run_id: 'r'.repeat(32), ...batch, tags: [] }).length).toBeLessThan(1_000_000);
		}
		expect(batches.flatMap((batch) => batch.metrics)).toEqual(metrics);
		expect(batches.flatMap((batch) => batch.params)).toEqual(params);
		expect(logBatches([], [])).toEqual([]);
	});
});

describe('what cannot cross', () => {
	it('says nothing when nothing is pushed', () => {
		expect(notCarried([], [aModel()])).toEqual([]);
	});

	it('says once that MLflow numbers versions, and that history and creation times stay here', () => {
		const notes = notCarried(
			[aVersion({ modelName: 'churn' }), aVersion({ modelName: 'churn', version: '2.0.0' })],
			[aModel()]
		);
		expect(notes.filter((note) => note.includes('model_registry.version'))).toHaveLength(1);
		expect(notes.some((note) => /history .* stays here/.test(note))).toBe(true);
		expect(notes.some((note) => /Creation times/.test(note))).toBe(true);
		expect(notes).toHaveLength(3);
	});

	it('names pre-releases, whose SemVer order is lost', () => {
		const notes = notCarried([aVersion({ modelName: 'churn', version: '1.0.0-rc.1' })], [aModel()]);
		expect(notes).toContain(
			'Pre-release version "churn:1.0.0-rc.1" loses its SemVer order: MLflow ranks versions only by the order they were pushed in.'
		);
	});

	it('says file checksums and media types stay here, and that non-text params become JSON text', () => {
		const notes = notCarried([aVersion({ files: [aFile()], parameters: { lr: 0.1 } })], []);
		expect(notes.some((note) => note.includes('SHA-256 and media type'))).toBe(true);
		expect(notes.some((note) => note.includes('sent as JSON text'))).toBe(true);
	});

	it('names each tag, metric, param and alias left out, per version', () => {
		const version = aVersion({
			modelName: 'churn',
			version: '1.0.0',
			tags: { 'a:b': '1', ['k'.repeat(251)]: '2', big: 'v'.repeat(5001), [ORIGIN_TAGS.source]: 's' },
			metrics: { custom: { 'loss?': 1 } },
			parameters: { 'p:q': 1, huge: 'x'.repeat(6001) },
			description: 'd'.repeat(5001)
		});
		const model = aModel({ aliases: { v1: '1.0.0', latestx: '1.0.0', champion: '2.0.0' } });
		const notes = notCarried([version], [model]).slice(4);
		expect(notes).toEqual([
			expect.stringMatching(/^churn 1\.0\.0: tags "a:b", "k{57}…" are not sent: MLflow tag keys/),
			expect.stringMatching(
				/^churn 1\.0\.0: tag "big" is not sent: MLflow keeps tag values of at most 5,000/
			),
			expect.stringMatching(/^churn 1\.0\.0: where it was pulled from \("mlflow\.source"\) is not sent/),
			expect.stringMatching(/^churn 1\.0\.0: the description is cut to its first 5,000 characters/),
			expect.stringMatching(/^churn 1\.0\.0: metric "loss\?" is not sent/),
			expect.stringMatching(/^churn 1\.0\.0: parameter "p:q" is not sent/),
			expect.stringMatching(
				/^churn 1\.0\.0: parameter "huge" is not sent: MLflow keeps parameter values of at most 6,000/
			),
			expect.stringMatching(/^churn 1\.0\.0: alias "v1" is not set: MLflow alias names/)
		]);
	});

	it('names what of a model is left out: tags, a long description, metric directions', () => {
		const model = aModel({
			tags: { 'bad key!': '1', ok: 'x' },
			description: 'd'.repeat(5001),
			metricDirections: { latency: 'higher' }
		});
		const notes = notCarried([aVersion({ modelName: 'churn' })], [model]).slice(3);
		expect(notes).toEqual([
			expect.stringMatching(/^Model churn: tag "bad key!" is not sent/),
			expect.stringMatching(/^Model churn: the description is cut/),
			expect.stringMatching(/^Model churn: which way its metrics are better \("latency"\) stays here/)
		]);
	});
});
