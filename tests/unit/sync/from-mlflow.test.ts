import { describe, expect, it } from 'vitest';
import { sameVersion } from '../../../src/lib/registry/transfer';
import type { ModelVersion } from '../../../src/lib/registry/types';
import { checkFilePaths } from '../../../src/lib/registry/file-paths';
import { checkAlias, checkModelName, checkVersion } from '../../../src/lib/registry/validate-names';
import {
	checkDescription,
	checkMetrics,
	checkParameters,
	checkTags
} from '../../../src/lib/registry/validate-values';
import {
	frameworkOfFlavors,
	mediaTypeOf,
	parameterValue,
	snapshotFromMlflow,
	versionStrings,
	type PulledModel,
	type PulledVersion
} from '../../../src/lib/sync/from-mlflow';
import type {
	MlflowModelVersion,
	MlflowRegisteredModel,
	MlflowRun
} from '../../../src/lib/sync/mlflow-types';

const SERVER = 'http://mlflow.test:5000';
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

function mlflowVersion(version: string, extra: Partial<MlflowModelVersion> = {}): MlflowModelVersion {
	return {
		name: 'fraud',
		version,
		creation_timestamp: T0 + Number(version),
		last_updated_timestamp: T0 + 1000 + Number(version),
		current_stage: 'None',
		description: '',
		source: `mlflow-artifacts:/1/run${version}/artifacts/model`,
		run_id: `run${version}`,
		status: 'READY',
		tags: [],
		aliases: [],
		...extra
	};
}

function model(extra: Partial<MlflowRegisteredModel> = {}): MlflowRegisteredModel {
	return {
		name: 'fraud',
		creation_timestamp: T0,
		last_updated_timestamp: T0 + 5000,
		description: 'Finds fraud.',
		latest_versions: [],
		tags: [],
		aliases: [],
		...extra
	};
}

function run(data: Partial<MlflowRun['data']>): MlflowRun {
	return {
		info: { run_id: 'r', experiment_id: '1', artifact_uri: '' },
		data: { metrics: [], params: [], tags: [], ...data }
	};
}

const pulled = (versions: PulledVersion[], extra: Partial<PulledModel> = {}): PulledModel => ({
	serverUrl: SERVER,
	model: model(),
	versions,
	complete: true,
	...extra
});

/** Everything our registry checks of a version passes: a pull never fails at import. */
function expectValid(version: ModelVersion) {
	checkModelName(version.modelName);
	checkVersion(version.version);
	expect(checkMetrics(version.metrics)).toEqual(version.metrics);
	expect(checkParameters(version.parameters)).toEqual(version.parameters);
	expect(checkTags(version.tags)).toEqual(version.tags);
	checkDescription(version.description);
	if (version.files) checkFilePaths(version.files.map((file) => file.path));
}

describe('snapshotFromMlflow', () => {
	it('maps a version: N.0.0, stage, origin tags, metrics split, parameters parsed, times', () => {
		const files = [
			{ path: 'model.pkl', sha256: 'b'.repeat(64), size: 3, mediaType: 'application/octet-stream' },
			{ path: 'MLmodel', sha256: 'a'.repeat(64), size: 2, mediaType: 'application/octet-stream' }
		];
		const { snapshot, notCarried } = snapshotFromMlflow(
			pulled([
				{
					version: mlflowVersion('3', {
						current_stage: 'Staging',
						description: 'third',
						tags: [
							{ key: 'team', value: 'risk' },
							{ key: 'model_registry.model', value: 'fraud' },
							{ key: 'mlflow.server', value: 'spoofed' }
						]
					}),
					run: run({
						metrics: [
							{ key: 'accuracy', value: 0.9, step: 0, timestamp: 1 },
							{ key: 'accuracy', value: 0.95, step: 1, timestamp: 2 },
							{ key: 'loss', value: 0.2, step: 0, timestamp: 1 },
							{ key: 'mse', value: -0, step: 0, timestamp: 1 }
						],
						params: [
							{ key: 'lr', value: '0.1' },
							{ key: 'layers', value: '[64, 32]' },
							{ key: 'opts', value: '{"a": true}' },
							{ key: 'flag', value: 'false' },
							{ key: 'none', value: 'null' },
							{ key: 'name', value: 'adam' },
							{ key: 'quoted', value: '"adam"' },
							{ key: 'huge', value: '1e999' }
						]
					}),
					files,
					framework: 'sklearn'
				}
			])
		);
		expect(notCarried).toEqual([]);
		const [version] = snapshot.versions;
		expect(version).toEqual({
			modelName: 'fraud',
			version: '3.0.0',
			fullName: 'fraud:3.0.0',
			stage: 'staging',
			framework: 'sklearn',
			metrics: { accuracy: 0.95, mse: 0, custom: { loss: 0.2 } },
			parameters: {
				lr: 0.1,
				layers: [64, 32],
				opts: { a: true },
				flag: false,
				none: null,
				name: 'adam',
				quoted: '"adam"',
				huge: '1e999'
			},
			tags: {
				team: 'risk',
				'mlflow.version': '3',
				'mlflow.run_id': 'run3',
				'mlflow.source': 'mlflow-artifacts:/1/run3/artifacts/model',
				'mlflow.server': SERVER
			},
			description: 'third',
			files: [files[1], files[0]],
			createdAt: new Date(T0 + 3).toISOString(),
			updatedAt: new Date(T0 + 1003).toISOString()
		});
		expectValid(version!);
		expect(snapshot.model).toEqual({
			name: 'fraud',
			description: 'Finds fraud.',
			tags: {},
			createdAt: new Date(T0).toISOString(),
			updatedAt: new Date(T0 + 5000).toISOString(),
			aliases: {}
		});
		expect(snapshot.history).toEqual([]);
	});

	it('keeps a pushed version its VERSION_TAG and framework tag; a bad one falls back with a sentence', () => {
		const { snapshot, notCarried } = snapshotFromMlflow(
			pulled([
				{
					version: mlflowVersion('1', {
						tags: [
							{ key: 'model_registry.version', value: '2.1.0-rc.1' },
							{ key: 'model_registry.framework', value: 'onnx' }
						]
					}),
					framework: 'sklearn'
				},
				{ version: mlflowVersion('2', { tags: [{ key: 'model_registry.version', value: 'v2' }] }) }
			])
		);
		expect(snapshot.versions.map((v) => [v.version, v.framework])).toEqual([
			['2.1.0-rc.1', 'onnx'],
			['2.0.0', 'custom']
		]);
		expect(snapshot.versions[0]!.tags).not.toHaveProperty('model_registry.version');
		expect(notCarried).toEqual([expect.stringContaining('"v2", which is not SemVer: it becomes 2.0.0')]);
	});

	it('gives a tagged version its string before a number-made one, and never two versions one string', () => {
		const tagged = (n: string, value: string) =>
			mlflowVersion(n, { tags: [{ key: 'model_registry.version', value }] });
		const { strings, notCarried } = versionStrings('fraud', [
			mlflowVersion('1'),
			tagged('2', '1.0.0'),
			tagged('3', '1.0.0'),
			tagged('4', '3.0.0')
		]);
		expect(Object.fromEntries(strings)).toEqual({ '2': '1.0.0', '4': '3.0.0' });
		expect(notCarried).toHaveLength(3);
		expect(notCarried[0]).toContain(
			'version 3 carries model_registry.version 1.0.0, as an earlier version does'
		);
		expect(notCarried[1]).toContain('version 1 is not pulled: 1.0.0');
		expect(notCarried[2]).toContain('version 3 is not pulled: 3.0.0');
	});

	it('maps stages, keeps one version in production, and maps aliases to our strings', () => {
		const { snapshot, notCarried } = snapshotFromMlflow(
			pulled(
				[
					{ version: mlflowVersion('1', { current_stage: 'Archived' }) },
					{ version: mlflowVersion('2', { current_stage: 'Production', last_updated_timestamp: T0 + 9000 }) },
					{ version: mlflowVersion('3', { current_stage: 'Production' }) },
					{ version: mlflowVersion('4') },
					{ version: mlflowVersion('5', { current_stage: 'Someday' }) }
				],
				{
					model: model({
						aliases: [
							{ alias: 'champion', version: '2' },
							{ alias: 'latest', version: '3' },
							{ alias: '1st', version: '3' },
							{ alias: 'constructor', version: '3' },
							{ alias: 'gone', version: '99' }
						]
					})
				}
			)
		);
		expect(snapshot.versions.map((v) => v.stage)).toEqual([
			'archived',
			'production',
			'archived',
			'development',
			'development'
		]);
		expect(snapshot.model.aliases).toEqual({ champion: '2.0.0' });
		for (const alias of Object.keys(snapshot.model.aliases)) checkAlias(alias);
		expect(notCarried).toEqual([
			expect.stringContaining('"Someday" has no equal here'),
			expect.stringContaining('fraud 3.0.0 is archived here'),
			expect.stringContaining('alias "latest" is left out'),
			expect.stringContaining('alias "1st" is left out'),
			expect.stringContaining('alias "constructor" is left out'),
			expect.stringContaining('alias gone is left out: its version 99 is not pulled')
		]);
	});

	it('does not call an alias of an unfetched version lost when only changed versions were pulled', () => {
		const { snapshot, notCarried } = snapshotFromMlflow(
			pulled([{ version: mlflowVersion('2') }], {
				complete: false,
				model: model({ aliases: [{ alias: 'old', version: '1' }] })
			})
		);
		expect(snapshot.model.aliases).toEqual({});
		expect(notCarried).toEqual([]);
	});

	it('adjusts or leaves out, with a sentence each, what our registry would refuse', () => {
		const longKey = 'k'.repeat(129);
		const { snapshot, notCarried } = snapshotFromMlflow(
			pulled(
				[
					{
						version: mlflowVersion('1', {
							description: 'é'.repeat(40_000),
							tags: [
								{ key: longKey, value: 'x' },
								{ key: '__proto__', value: 'x' },
								{ key: 'long', value: 'v'.repeat(5000) }
							]
						}),
						run: run({
							metrics: [
								{ key: 'accuracy', value: 1.5, step: 0, timestamp: 0 },
								{ key: 'nan', value: NaN, step: 0, timestamp: 0 },
								{ key: 'inf', value: -Infinity, step: 0, timestamp: 0 },
								{ key: 'm'.repeat(200), value: 1, step: 0, timestamp: 0 }
							],
							params: [
								{ key: 'constructor', value: '1' },
								{ key: 'a', value: 'x'.repeat(40_000) },
								{ key: 'b', value: 'y'.repeat(30_000) },
								{ key: 'c', value: '1' }
							]
						})
					}
				],
				{ model: model({ tags: [{ key: ' ', value: 'blank' }] }) }
			)
		);
		const [version] = snapshot.versions;
		expectValid(version!);
		expect(version!.tags.long).toHaveLength(4096);
		expect(Object.keys(version!.tags)).not.toContain(longKey);
		expect(version!.metrics).toEqual({ custom: {} });
		expect(version!.parameters).toEqual({ b: 'y'.repeat(30_000), c: 1 });
		expect(new TextEncoder().encode(version!.description).byteLength).toBeLessThanOrEqual(64 * 1024);
		expect(snapshot.model.tags).toEqual({});
		expect(notCarried).toHaveLength(11);
		for (const sentence of notCarried) expect(sentence).toMatch(/^fraud/);
	});

	it('maps an unchanged server the same way twice', () => {
		const input = () =>
			pulled([
				{
					version: mlflowVersion('1', {
						tags: [
							{ key: 'b', value: '2' },
							{ key: 'a', value: '1' }
						]
					}),
					run: run({
						params: [{ key: 'x', value: '[1]' }],
						metrics: [{ key: 'f1', value: 1, step: 0, timestamp: 0 }]
					})
				}
			]);
		const first = snapshotFromMlflow(input()).snapshot.versions[0]!;
		const second = snapshotFromMlflow(input()).snapshot.versions[0]!;
		expect(sameVersion(first, second)).toBe(true);
		expect(JSON.stringify(first)).toBe(JSON.stringify(second));
	});
});

describe('the small mappings', () => {
	it('reads parameters as the JSON they spell, else as text', () => {
		expect(parameterValue('3')).toBe(3);
		expect(parameterValue('-0')).toBe(0);
		expect(parameterValue('true')).toBe(true);
		expect(parameterValue('{"__proto__": 1}')).toBe('{"__proto__": 1}');
		expect(parameterValue('0.1.2')).toBe('0.1.2');
		expect(parameterValue('')).toBe('');
	});

	it('names frameworks by flavor and media types by extension', () => {
		expect(frameworkOfFlavors(['python_function', 'sklearn'])).toBe('sklearn');
		expect(frameworkOfFlavors(['python_function', 'keras'])).toBe('tensorflow');
		expect(frameworkOfFlavors(['python_function'])).toBeUndefined();
		expect(mediaTypeOf('a/config.JSON')).toBe('application/json');
		expect(mediaTypeOf('MLmodel')).toBe('application/octet-stream');
		expect(mediaTypeOf('.yaml')).toBe('application/octet-stream');
		expect(mediaTypeOf('conda.yaml')).toBe('application/yaml');
	});
});
