/**
 * The registry's behaviour, run against every store: the in-memory default and IndexedDB
 * (Dexie over fake-indexeddb). A store that disagrees with the other fails here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	ModelRegistry,
	pathProblem,
	RegistryError,
	type FileProgress,
	type ModelStore,
	type RegistryEvent
} from '$lib';
import { searchIn } from '$lib/registry/search';
import { STORES } from '../stores';

function randomBytes(size: number): Uint8Array {
	const bytes = new Uint8Array(size);
	for (let offset = 0; offset < size; offset += 65536) {
		crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65536)));
	}
	return bytes;
}

async function sha256Of(bytes: Uint8Array): Promise<string> {
	return Buffer.from(await crypto.subtle.digest('SHA-256', bytes as BufferSource)).toString('hex');
}

async function bytesOf(blob: Blob | undefined): Promise<Buffer> {
	expect(blob).toBeInstanceOf(Blob);
	// A Buffer compares as one value; element-wise deep equality of megabytes takes seconds.
	return Buffer.from(await (blob as Blob).arrayBuffer());
}

async function expectError(promise: Promise<unknown>, code: string, field?: string): Promise<RegistryError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error, `expected ${code}`).toBeInstanceOf(RegistryError);
	expect((error as RegistryError).code).toBe(code);
	if (field !== undefined) expect((error as RegistryError).details.field).toBe(field);
	return error as RegistryError;
}

describe.each(STORES)('ModelRegistry on %s', (_name, makeStore) => {
	let store: ModelStore;
	let registry: ModelRegistry;
	let clock: number;

	beforeEach(() => {
		store = makeStore();
		clock = Date.parse('2026-01-01T00:00:00Z');
		// A clock that ticks one second per reading, so creation order is unambiguous.
		registry = new ModelRegistry(store, { now: () => new Date((clock += 1000)) });
	});
	afterEach(() => registry.close());

	/** Everything a reader can observe, to prove a failed call changed nothing. */
	async function snapshot(name: string) {
		const model = await registry.getModel(name);
		return {
			model,
			versions: model ? await registry.listVersions(name, { limit: 1000 }) : undefined,
			history: await registry.history(name)
		};
	}

	describe('register', () => {
		it('creates the model on first use, with the defaults of the reference registry', async () => {
			const version = await registry.register({ name: 'churn', version: '1.0.0' });
			expect(version).toMatchObject({
				modelName: 'churn',
				version: '1.0.0',
				fullName: 'churn:1.0.0',
				stage: 'development',
				framework: 'custom',
				metrics: { custom: {} },
				parameters: {},
				tags: {},
				description: ''
			});
			expect(version.createdAt).toBe(version.updatedAt);
			expect(await registry.getVersion('churn', '1.0.0')).toEqual(version);
			expect(await registry.getModel('churn')).toMatchObject({
				name: 'churn',
				versionCount: 1,
				latestVersion: '1.0.0',
				aliases: {}
			});
		});

		it('keeps metrics, parameters, tags and description exactly', async () => {
			const input = {
				name: 'fraud.detector_v2',
				version: '2.1.0-rc.1+build.7',
				framework: 'pytorch' as const,
				metrics: { accuracy: 0.93, mse: 0.0123, custom: { auc: 0.97, 'loss.val': -1.5e-9 } },
				parameters: { layers: [64, 32], optimizer: { name: 'adam', lr: 0.001 }, dropout: null, fp16: true },
				tags: { team: 'risk', 'data.version': '2026-11', empty: '' },
				description: '# Fraud\n\nTrained on **November** data. ✓'
			};
			const version = await registry.register(input);
			const stored = await registry.getVersion(input.name, input.version);
			expect(stored).toEqual(version);
			expect(stored).toMatchObject({
				framework: 'pytorch',
				metrics: input.metrics,
				parameters: input.parameters,
				tags: input.tags,
				description: input.description
			});
		});

		it('refuses an existing name+version with DUPLICATE_VERSION and changes nothing', async () => {
			await registry.register({ name: 'churn', version: '1.0.0', tags: { a: '1' } });
			const before = await snapshot('churn');
			const error = await expectError(
				registry.register({
					name: 'churn',
					version: '1.0.0',
					tags: { a: '2' },
					artifact: new Uint8Array([1])
				}),
				'DUPLICATE_VERSION'
			);
			expect(error.message).toBe('Version 1.0.0 of churn already exists. Choose another version number.');
			expect(await snapshot('churn')).toEqual(before);
		});

		it('returns copies: changing a returned record does not change the registry', async () => {
			const version = await registry.register({ name: 'churn', version: '1.0.0', tags: { a: '1' } });
			version.tags.a = 'changed';
			(await registry.getModel('churn'))!.aliases.x = '1.0.0';
			expect((await registry.getVersion('churn', '1.0.0'))!.tags.a).toBe('1');
			expect((await registry.getModel('churn'))!.aliases).toEqual({});
		});
	});

	describe('latest and production', () => {
		it('takes the highest SemVer precedence as latest, not the newest registration', async () => {
			for (const version of ['1.9.0-rc.1', '1.10.0', '1.9.0', '1.10.0-rc.2', '1.0.1']) {
				await registry.register({ name: 'm', version });
			}
			expect((await registry.getLatest('m'))?.version).toBe('1.10.0');
			expect((await registry.getModel('m'))?.latestVersion).toBe('1.10.0');
			await registry.register({ name: 'm', version: '2.0.0' });
			expect((await registry.getLatest('m'))?.version).toBe('2.0.0');
			await registry.deleteVersion('m', '2.0.0');
			expect((await registry.getLatest('m'))?.version).toBe('1.10.0');
		});

		it('answers undefined for models and versions that do not exist', async () => {
			expect(await registry.getModel('nobody')).toBeUndefined();
			expect(await registry.getVersion('nobody', '1.0.0')).toBeUndefined();
			expect(await registry.getLatest('nobody')).toBeUndefined();
			expect(await registry.getProductionModel('nobody')).toBeUndefined();
		});

		it('archives the previous production version when another is promoted', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			await registry.register({ name: 'm', version: '2.0.0' });
			await registry.transitionStage('m', '1.0.0', 'staging');
			const first = await registry.transitionStage('m', '1.0.0', 'production');
			expect(first.stage).toBe('production');
			expect((await registry.getProductionModel('m'))?.version).toBe('1.0.0');

			await registry.transitionStage('m', '2.0.0', 'production');
			expect((await registry.getProductionModel('m'))?.version).toBe('2.0.0');
			expect((await registry.getVersion('m', '1.0.0'))?.stage).toBe('archived');
			expect((await registry.getModel('m'))?.productionVersion).toBe('2.0.0');
			const production = await registry.search({ model: 'm', stages: ['production'] });
			expect(production.items.map((v) => v.version)).toEqual(['2.0.0']);
		});

		it('clears the production version when it leaves production', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			await registry.transitionStage('m', '1.0.0', 'production');
			await registry.transitionStage('m', '1.0.0', 'archived');
			expect(await registry.getProductionModel('m')).toBeUndefined();
			expect((await registry.getModel('m'))?.productionVersion).toBeUndefined();
		});

		it('keeps exactly one production version under concurrent promotions', async () => {
			const versions = ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0'];
			for (const version of versions) await registry.register({ name: 'm', version });
			await Promise.all(versions.map((version) => registry.transitionStage('m', version, 'production')));
			const production = await registry.search({ model: 'm', stages: ['production'] });
			expect(production.total).toBe(1);
			expect((await registry.getModel('m'))?.productionVersion).toBe(production.items[0]?.version);
			const archived = await registry.search({ model: 'm', stages: ['archived'] });
			expect(archived.total).toBe(versions.length - 1);
		});

		it('refuses to move a version that does not exist', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			await expectError(registry.transitionStage('m', '9.9.9', 'staging'), 'NOT_FOUND');
			await expectError(registry.transitionStage('x', '1.0.0', 'staging'), 'NOT_FOUND');
			await expectError(registry.transitionStage('m', '1.0.0', 'live' as never), 'INVALID_INPUT', 'stage');
		});
	});

	describe('files', () => {
		it('round-trips a 5 MB random artifact and an empty one byte for byte', async () => {
			const big = randomBytes(5 * 1024 * 1024);
			const file = new File([big as BlobPart], 'model.onnx', { type: 'application/onnx' });
			const registered = await registry.register({ name: 'm', version: '1.0.0', artifact: file });
			// One artifact is a folder of one file, named after the File.
			expect(registered.files).toEqual([
				{
					path: 'model.onnx',
					sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
					size: big.byteLength,
					mediaType: 'application/onnx'
				}
			]);
			const loaded = await registry.loadFile('m', '1.0.0', 'model.onnx');
			expect(loaded.type).toBe('application/onnx');
			expect((await bytesOf(loaded)).equals(big)).toBe(true);

			const empty = await registry.register({ name: 'm', version: '1.0.1', artifact: new Uint8Array(0) });
			expect(empty.files).toEqual([
				{
					path: 'artifact',
					sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
					size: 0,
					mediaType: 'application/octet-stream'
				}
			]);
			expect((await bytesOf(await registry.loadFile('m', '1.0.1', 'artifact'))).byteLength).toBe(0);
		});

		it('lists a File whose name is no path under one it can load it by', async () => {
			const names = [
				'x:model.bin',
				'a\u0007b.bin',
				'line\nbreak.bin',
				'..',
				'   ',
				'C:\\models\\w.bin',
				'n'.repeat(300)
			];
			for (const [i, name] of names.entries()) {
				const version = `1.0.${i}`;
				const [file, ...more] = (
					await registry.register({ name: 'm', version, artifact: new File([name], name) })
				).files!;
				expect(more).toEqual([]);
				expect(pathProblem(file!.path), JSON.stringify(name)).toBeUndefined();
				expect(await (await registry.loadFile('m', version, file!.path)).text()).toBe(name);
			}
			expect((await registry.getVersion('m', '1.0.0'))?.files?.[0]?.path).toMatch(/model\.bin$/);
			expect((await registry.getVersion('m', '1.0.5'))?.files?.[0]?.path).toBe('w.bin');
		});

		it('hashes with SHA-256 and accepts an ArrayBuffer', async () => {
			const bytes = new TextEncoder().encode('abc');
			const version = await registry.register({
				name: 'm',
				version: '1.0.0',
				artifact: bytes.buffer as ArrayBuffer
			});
			expect(version.files?.[0]?.sha256).toBe(
				'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
			);
		});

		it('registers a folder of files, listed in path order, each loadable by its path byte for byte', async () => {
			const contents: Record<string, Uint8Array> = {
				'tokenizer/vocab.txt': new TextEncoder().encode('a\nb\nc\n'),
				MLmodel: new TextEncoder().encode('flavors: {}\n'),
				'model/model.pkl': randomBytes(70_000),
				'model/conda.yaml': new Uint8Array(0)
			};
			const files = Object.entries(contents).map(([path, bytes]) => ({
				path,
				content: path.endsWith('.txt') ? new Blob([bytes as BlobPart], { type: 'text/plain' }) : bytes
			}));
			const registered = await registry.register({ name: 'm', version: '1.0.0', files });

			const paths = ['MLmodel', 'model/conda.yaml', 'model/model.pkl', 'tokenizer/vocab.txt'];
			expect(registered.files?.map((f) => f.path)).toEqual(paths);
			expect(await registry.getVersion('m', '1.0.0')).toEqual(registered);
			for (const file of registered.files!) {
				const bytes = contents[file.path]!;
				expect(file).toEqual({
					path: file.path,
					sha256: await sha256Of(bytes),
					size: bytes.byteLength,
					mediaType: file.path.endsWith('.txt') ? 'text/plain' : 'application/octet-stream'
				});
				const loaded = await registry.loadFile('m', '1.0.0', file.path);
				expect(loaded.type).toBe(file.mediaType);
				expect((await bytesOf(loaded)).equals(bytes), file.path).toBe(true);
			}
		});

		it('stores the same bytes once and keeps them while any version references them', async () => {
			const bytes = randomBytes(1000);
			const a = await registry.register({ name: 'm', version: '1.0.0', artifact: bytes });
			await registry.register({ name: 'other', version: '1.0.0', artifact: new Blob([bytes as BlobPart]) });
			const sha256 = a.files![0]!.sha256;
			expect(await store.read((tx) => tx.countArtifactRefs(sha256))).toBe(2);

			expect(await registry.deleteVersion('m', '1.0.0')).toBe(true);
			expect(await store.read((tx) => tx.hasArtifact(sha256))).toBe(true);
			expect((await bytesOf(await registry.loadFile('other', '1.0.0', 'artifact'))).equals(bytes)).toBe(true);

			expect(await registry.deleteVersion('other', '1.0.0')).toBe(true);
			expect(await store.read((tx) => tx.hasArtifact(sha256))).toBe(false);
		});

		it('stores bytes shared within a folder and across versions once, until the last version using them goes', async () => {
			const shared = randomBytes(512);
			const own = randomBytes(256);
			const first = await registry.register({
				name: 'm',
				version: '1.0.0',
				files: [
					{ path: 'a.bin', content: shared },
					{ path: 'copy/a.bin', content: new Blob([shared as BlobPart]) },
					{ path: 'own.bin', content: own }
				]
			});
			await registry.register({
				name: 'm',
				version: '2.0.0',
				files: [{ path: 'weights.bin', content: shared }]
			});
			const [a, copy, mine] = first.files!;
			expect(copy!.sha256).toBe(a!.sha256);
			expect((await registry.verify()).checked.artifacts).toBe(2);

			expect(await registry.deleteVersion('m', '1.0.0')).toBe(true);
			expect(await registry.verify()).toMatchObject({ checked: { artifacts: 1 }, problems: [] });
			expect(await store.read((tx) => tx.hasArtifact(mine!.sha256))).toBe(false);
			expect((await bytesOf(await registry.loadFile('m', '2.0.0', 'weights.bin'))).equals(shared)).toBe(true);

			expect(await registry.deleteVersion('m', '2.0.0')).toBe(true);
			expect(await registry.verify()).toMatchObject({ checked: { artifacts: 0 }, problems: [] });
		});

		it('answers NOT_FOUND for a path the version does not have, or no version; INVALID_INPUT for a bad path', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			await registry.register({ name: 'm', version: '1.1.0', artifact: new Uint8Array([1]) });
			expect((await registry.getVersion('m', '1.0.0'))?.files).toBeUndefined();
			await expectError(registry.loadFile('m', '1.0.0', 'artifact'), 'NOT_FOUND');
			await expectError(registry.loadFile('m', '1.1.0', 'other.bin'), 'NOT_FOUND');
			await expectError(registry.loadFile('m', '2.0.0', 'artifact'), 'NOT_FOUND');
			await expectError(registry.loadFile('m', '1.1.0', '../artifact'), 'INVALID_INPUT', 'path');
		});

		it('refuses an artifact that is not bytes', async () => {
			await expectError(
				registry.register({ name: 'm', version: '1.0.0', artifact: 'text' as never }),
				'INVALID_INPUT',
				'artifact'
			);
			await expectError(
				registry.register({
					name: 'm',
					version: '1.0.0',
					files: [
						{ path: 'a.bin', content: new Uint8Array([1]) },
						{ path: 'b.bin', content: 'text' as never }
					]
				}),
				'INVALID_INPUT',
				'files[1].content'
			);
			expect(await registry.getModel('m')).toBeUndefined();
		});

		it('refuses an artifact and files together, writing nothing', async () => {
			await registry.register({ name: 'm', version: '1.0.0', artifact: new Uint8Array([1]) });
			const before = await snapshot('m');
			const hashes = await store.read((tx) => tx.artifactHashes());
			const error = await expectError(
				registry.register({
					name: 'm',
					version: '2.0.0',
					artifact: new Uint8Array([2]),
					files: [{ path: 'model.bin', content: new Uint8Array([3]) }]
				}),
				'INVALID_INPUT',
				'files'
			);
			expect(error.details.rule).toBe('one-of');
			expect(await snapshot('m')).toEqual(before);
			expect(await store.read((tx) => tx.artifactHashes())).toEqual(hashes);
		});

		const badFolders: Array<[string, string[], string, string]> = [
			['a path that climbs out of the folder', ['model.bin', '../evil'], 'files[1].path', 'file-path'],
			['an absolute path', ['/etc/passwd'], 'files[0].path', 'file-path'],
			['a Windows path', ['model.bin', 'C:\\model.bin'], 'files[1].path', 'file-path'],
			['the same path twice', ['a/b.bin', 'c.bin', 'a/b.bin'], 'files[2].path', 'duplicate-path'],
			["a file where another file's folder is", ['a/b.bin', 'a'], 'files[0].path', 'file-is-folder']
		];
		it.each(badFolders)(
			'refuses %s, naming the file, and writes nothing',
			async (_case, paths, field, rule) => {
				await registry.register({ name: 'm', version: '1.0.0', artifact: new Uint8Array([1]) });
				const before = await snapshot('m');
				const hashes = await store.read((tx) => tx.artifactHashes());
				const files = paths.map((path, i) => ({ path, content: new Uint8Array([10 + i]) }));
				const error = await expectError(
					registry.register({ name: 'm', version: '2.0.0', files }),
					'INVALID_INPUT',
					field
				);
				expect(error.details.rule).toBe(rule);
				expect(error.message.startsWith(`${field}: `)).toBe(true);
				expect(await snapshot('m')).toEqual(before);
				expect(await store.read((tx) => tx.artifactHashes())).toEqual(hashes);
			}
		);

		it('stops hashing when cancelled and stores nothing', async () => {
			const controller = new AbortController();
			controller.abort();
			await expectError(
				registry.register(
					{ name: 'm', version: '1.0.0', artifact: randomBytes(10) },
					{ signal: controller.signal }
				),
				'CANCELLED'
			);
			expect(await registry.getModel('m')).toBeUndefined();
		});

		it('reports hashing progress up to the artifact size', async () => {
			const seen: number[] = [];
			await registry.register(
				{ name: 'm', version: '1.0.0', artifact: randomBytes(300_000) },
				{ onProgress: (done, total) => seen.push(done / total) }
			);
			expect(seen[0]).toBe(0);
			expect(seen.at(-1)).toBe(1);
		});

		it('reports the file under way, by path and place, and the bytes of all files up to their total', async () => {
			const sizes: Record<string, number> = { 'a.bin': 200_000, 'b/empty.bin': 0, 'b/c.bin': 100_000 };
			const reports: Array<{ done: number; total: number; file?: FileProgress }> = [];
			await registry.register(
				{
					name: 'm',
					version: '1.0.0',
					files: Object.entries(sizes).map(([path, size]) => ({ path, content: randomBytes(size) }))
				},
				{ onProgress: (done, total, file) => reports.push({ done, total, ...(file && { file }) }) }
			);
			expect(new Set(reports.map((r) => r.total))).toEqual(new Set([300_000]));
			const dones = reports.map((r) => r.done);
			expect(dones).toEqual([...dones].sort((x, y) => x - y));
			expect(dones.at(-1)).toBe(300_000);
			// Each file in turn, named with its place among them, from none of its bytes to all of them.
			const files = [...new Map(reports.map((r) => [r.file?.path, r.file])).values()];
			expect(files.map((f) => f && [f.path, f.index, f.count])).toEqual([
				['a.bin', 0, 3],
				['b/empty.bin', 1, 3],
				['b/c.bin', 2, 3]
			]);
			for (const [path, size] of Object.entries(sizes)) {
				const own = reports.filter((r) => r.file?.path === path).map((r) => r.file!);
				expect(own[0], path).toMatchObject({ done: 0, total: size });
				expect(own.at(-1), path).toMatchObject({ done: size, total: size });
			}
		});
	});

	describe('deleting', () => {
		it('deletes a version, its aliases and its production mark, and reports whether it existed', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			await registry.register({ name: 'm', version: '2.0.0' });
			await registry.transitionStage('m', '2.0.0', 'production');
			await registry.setAlias('m', 'champion', '2.0.0');
			expect(await registry.deleteVersion('m', '2.0.0')).toBe(true);
			expect(await registry.deleteVersion('m', '2.0.0')).toBe(false);
			expect(await registry.getModel('m')).toMatchObject({
				versionCount: 1,
				latestVersion: '1.0.0',
				aliases: {}
			});
			expect(await registry.getProductionModel('m')).toBeUndefined();
			expect(await registry.getByAlias('m', 'champion')).toBeUndefined();
		});

		it('deletes a model with its versions and unshared artifacts, and keeps its history', async () => {
			const shared = randomBytes(64);
			await registry.register({ name: 'm', version: '1.0.0', artifact: shared });
			const own = await registry.register({ name: 'm', version: '2.0.0', artifact: randomBytes(64) });
			await registry.register({ name: 'keep', version: '1.0.0', artifact: shared });
			expect(await registry.deleteModel('m')).toBe(true);
			expect(await registry.deleteModel('m')).toBe(false);
			expect(await registry.getModel('m')).toBeUndefined();
			expect(await registry.getVersion('m', '1.0.0')).toBeUndefined();
			expect(await store.read((tx) => tx.hasArtifact(own.files![0]!.sha256))).toBe(false);
			expect((await bytesOf(await registry.loadFile('keep', '1.0.0', 'artifact'))).equals(shared)).toBe(true);
			expect((await registry.history('m')).map((e) => e.kind)).toEqual([
				'version.registered',
				'version.registered',
				'model.deleted'
			]);
			expect((await registry.listModels()).items.map((m) => m.name)).toEqual(['keep']);
		});
	});

	describe('updates and aliases', () => {
		it('updates descriptions and tags of models and versions, recording what changed', async () => {
			await registry.register({ name: 'm', version: '1.0.0', tags: { a: '1' } });
			const model = await registry.updateModel('m', { description: 'Churn model', tags: { team: 'growth' } });
			expect(model).toMatchObject({ description: 'Churn model', tags: { team: 'growth' } });
			const version = await registry.updateVersion('m', '1.0.0', { tags: { a: '2' } });
			expect(version.tags).toEqual({ a: '2' });
			expect(version.updatedAt > version.createdAt).toBe(true);
			const [, modelUpdate, versionUpdate] = await registry.history('m');
			expect(modelUpdate).toMatchObject({
				kind: 'model.updated',
				before: { description: '', tags: {} },
				after: { description: 'Churn model', tags: { team: 'growth' } }
			});
			expect(versionUpdate).toMatchObject({
				kind: 'version.updated',
				version: '1.0.0',
				before: { tags: { a: '1' } },
				after: { tags: { a: '2' } }
			});
			await expectError(
				registry.updateVersion('m', '1.0.0', { stage: 'production' } as never),
				'INVALID_INPUT',
				'patch.stage'
			);
			await expectError(registry.updateModel('nope', { description: 'x' }), 'NOT_FOUND');
		});

		it('points an alias at one version at a time and resolves it', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			await registry.register({ name: 'm', version: '2.0.0' });
			await registry.setAlias('m', 'champion', '1.0.0');
			await registry.setAlias('m', 'champion', '2.0.0');
			await registry.setAlias('m', 'challenger', '1.0.0');
			expect((await registry.getByAlias('m', 'champion'))?.version).toBe('2.0.0');
			expect((await registry.getModel('m'))?.aliases).toEqual({ champion: '2.0.0', challenger: '1.0.0' });
			expect((await registry.getByAlias('m', 'latest'))?.version).toBe('2.0.0');
			expect(await registry.removeAlias('m', 'champion')).toBe(true);
			expect(await registry.removeAlias('m', 'champion')).toBe(false);
			expect(await registry.getByAlias('m', 'champion')).toBeUndefined();
			await expectError(registry.setAlias('m', 'x', '3.0.0'), 'NOT_FOUND');
			await expectError(registry.setAlias('m', 'latest', '1.0.0'), 'INVALID_INPUT', 'alias');
			await expectError(registry.setAlias('m', 'constructor', '1.0.0'), 'INVALID_INPUT', 'alias');
		});
	});

	describe('history', () => {
		it('appends one event per change, in order, with before and after', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			await registry.register({ name: 'm', version: '2.0.0' });
			await registry.transitionStage('m', '1.0.0', 'production');
			await registry.transitionStage('m', '2.0.0', 'production');
			await registry.setAlias('m', 'champion', '2.0.0');
			await registry.deleteVersion('m', '1.0.0');

			const history = await registry.history('m');
			const summary = (e: RegistryEvent) => [e.kind, e.version, e.before, e.after];
			expect(history.slice(2).map(summary)).toEqual([
				['version.stage_changed', '1.0.0', { stage: 'development' }, { stage: 'production' }],
				[
					'version.stage_changed',
					'1.0.0',
					{ stage: 'production' },
					{ stage: 'archived', replacedBy: '2.0.0' }
				],
				['version.stage_changed', '2.0.0', { stage: 'development' }, { stage: 'production' }],
				['alias.set', '2.0.0', undefined, { alias: 'champion', version: '2.0.0' }],
				[
					'version.deleted',
					'1.0.0',
					expect.objectContaining({ version: '1.0.0', stage: 'archived' }),
					undefined
				]
			]);
			expect(history[0]).toMatchObject({
				kind: 'version.registered',
				version: '1.0.0',
				after: { version: '1.0.0' }
			});
			const ids = history.map((e) => e.id);
			expect(ids).toEqual([...ids].sort((a, b) => a - b));
			const times = history.map((e) => e.at);
			expect(times).toEqual([...times].sort());

			expect((await registry.history('m', '2.0.0')).map((e) => e.kind)).toEqual([
				'version.registered',
				'version.stage_changed',
				'alias.set'
			]);

			// The newest few, still oldest first: what a page of a long history shows.
			expect(await registry.history('m', undefined, { newest: 2 })).toEqual(history.slice(-2));
			expect(await registry.history('m', '2.0.0', { newest: 1 })).toEqual([history.at(-2)]);
			await expectError(registry.history('m', undefined, { newest: 0 }), 'INVALID_INPUT', 'newest');
		});

		it('records nothing for a change that changes nothing', async () => {
			await registry.register({ name: 'm', version: '1.0.0', tags: { a: '1' } });
			await registry.transitionStage('m', '1.0.0', 'development');
			await registry.updateVersion('m', '1.0.0', { tags: { a: '1' } });
			expect(await registry.history('m')).toHaveLength(1);
		});
	});

	describe('listing and paging', () => {
		it('pages versions in SemVer and creation order', async () => {
			const registered = ['1.0.0', '2.0.0', '1.10.0', '1.2.0', '1.10.0-rc.1', '0.1.0'];
			for (const version of registered) await registry.register({ name: 'm', version });
			const page = (
				order: 'semver-desc' | 'semver-asc' | 'created-desc' | 'created-asc',
				offset = 0,
				limit = 50
			) => registry.listVersions('m', { order, offset, limit }).then((p) => p.items.map((v) => v.version));

			expect(await page('semver-desc')).toEqual([
				'2.0.0',
				'1.10.0',
				'1.10.0-rc.1',
				'1.2.0',
				'1.0.0',
				'0.1.0'
			]);
			expect(await page('semver-asc', 1, 2)).toEqual(['1.0.0', '1.2.0']);
			expect(await page('created-asc')).toEqual(registered);
			expect(await page('created-desc', 0, 2)).toEqual(['0.1.0', '1.10.0-rc.1']);
			const first = await registry.listVersions('m', { limit: 4 });
			expect(first).toMatchObject({ total: 6, offset: 0, limit: 4 });
			expect(first.items.map((v) => v.version)).toEqual(['2.0.0', '1.10.0', '1.10.0-rc.1', '1.2.0']);
			expect((await registry.listVersions('m', { offset: 6 })).items).toEqual([]);
			await expectError(registry.listVersions('absent'), 'NOT_FOUND');
		});

		it('pages models by name, creation and update time, and filters them by text', async () => {
			for (const name of ['zeta', 'alpha', 'Mid']) await registry.register({ name, version: '1.0.0' });
			await registry.updateModel('alpha', { tags: { team: 'fraud' } });
			const names = (p: { items: { name: string }[] }) => p.items.map((m) => m.name);
			expect(await registry.listModels()).toMatchObject({ total: 3, offset: 0, limit: 50 });
			expect(names(await registry.listModels())).toEqual(['Mid', 'alpha', 'zeta']);
			expect(names(await registry.listModels({ order: 'name-desc', limit: 2 }))).toEqual(['zeta', 'alpha']);
			expect(names(await registry.listModels({ order: 'created-asc' }))).toEqual(['zeta', 'alpha', 'Mid']);
			expect(names(await registry.listModels({ order: 'created-desc', offset: 1 }))).toEqual([
				'alpha',
				'zeta'
			]);
			expect(names(await registry.listModels({ order: 'updated-desc', limit: 1 }))).toEqual(['alpha']);
			expect(await registry.listModels({ text: 'FRAUD' })).toMatchObject({
				total: 1,
				items: [{ name: 'alpha' }]
			});
			expect(await registry.listModels({ text: 'a', limit: 1, offset: 1 })).toMatchObject({
				total: 2,
				items: [{ name: 'zeta' }]
			});
		});

		it('gives the same pages from either end of a long list', async () => {
			const registered = ['0.1.0', '1.0.0', '1.0.1', '1.1.0-rc.1', '1.1.0', '2.0.0', '10.0.0'];
			for (const version of [...registered].reverse()) await registry.register({ name: 'm', version });
			const orders = ['semver-asc', 'semver-desc', 'created-asc', 'created-desc'] as const;
			const full: Record<string, string[]> = {
				'semver-asc': registered,
				'semver-desc': [...registered].reverse(),
				'created-asc': [...registered].reverse(),
				'created-desc': registered
			};
			for (const order of orders) {
				for (let offset = 0; offset <= registered.length; offset++) {
					const page = await registry.listVersions('m', { order, offset, limit: 3 });
					expect(
						page.items.map((v) => v.version),
						`${order} from ${offset}`
					).toEqual(full[order]!.slice(offset, offset + 3));
				}
			}
		});

		it('keeps each model summary: stage counts and the framework of the latest version', async () => {
			await registry.register({ name: 'm', version: '1.0.0', framework: 'sklearn' });
			await registry.register({ name: 'm', version: '2.0.0', framework: 'onnx' });
			await registry.register({ name: 'm', version: '1.5.0', framework: 'pytorch' });
			await registry.transitionStage('m', '1.0.0', 'production');
			await registry.transitionStage('m', '1.5.0', 'production');
			await registry.transitionStage('m', '2.0.0', 'staging');
			expect(await registry.getModel('m')).toMatchObject({
				framework: 'onnx',
				stageCounts: { development: 0, staging: 1, production: 1, archived: 1 }
			});
			await registry.deleteVersion('m', '2.0.0');
			expect(await registry.getModel('m')).toMatchObject({
				framework: 'pytorch',
				latestVersion: '1.5.0',
				stageCounts: { development: 0, staging: 0, production: 1, archived: 1 }
			});
		});

		it('filters models by stage and framework, in the order asked for', async () => {
			await registry.register({ name: 'a', version: '1.0.0', framework: 'sklearn' });
			await registry.register({ name: 'b', version: '1.0.0', framework: 'pytorch' });
			await registry.register({ name: 'c', version: '1.0.0', framework: 'sklearn' });
			await registry.transitionStage('c', '1.0.0', 'production');
			await registry.transitionStage('a', '1.0.0', 'production');
			const names = (p: { items: { name: string }[] }) => p.items.map((m) => m.name);
			expect(names(await registry.listModels({ framework: 'sklearn', order: 'name-desc' }))).toEqual([
				'c',
				'a'
			]);
			expect(names(await registry.listModels({ stage: 'production', order: 'updated-desc' }))).toEqual([
				'a',
				'c'
			]);
			expect(await registry.listModels({ stage: 'development' })).toMatchObject({
				total: 1,
				items: [{ name: 'b' }]
			});
			await expectError(registry.listModels({ stage: 'live' as never }), 'INVALID_INPUT', 'stage');
		});

		it('refuses pages that would load everything', async () => {
			await expectError(registry.listModels({ limit: 100_000 }), 'INVALID_INPUT', 'limit');
			await expectError(registry.listModels({ limit: 0 }), 'INVALID_INPUT', 'limit');
			await expectError(registry.listModels({ offset: -1 }), 'INVALID_INPUT', 'offset');
			await expectError(registry.listModels({ order: 'random' as never }), 'INVALID_INPUT', 'order');
		});
	});

	describe('search', () => {
		beforeEach(async () => {
			await registry.register({
				name: 'churn',
				version: '1.0.0',
				framework: 'sklearn',
				metrics: { accuracy: 0.8 },
				tags: { team: 'growth' }
			});
			await registry.register({
				name: 'churn',
				version: '1.1.0',
				framework: 'sklearn',
				metrics: { accuracy: 0.9 },
				tags: { team: 'growth', gpu: 'no' }
			});
			await registry.register({
				name: 'fraud',
				version: '3.0.0',
				framework: 'pytorch',
				metrics: { custom: { auc: 0.95 } },
				tags: { team: 'risk' }
			});
			await registry.transitionStage('churn', '1.1.0', 'production');
		});
		const found = (filter: Parameters<ModelRegistry['search']>[0]) =>
			registry.search(filter).then((page) => page.items.map((v) => v.fullName));

		it('matches names, tags, stages, frameworks and metric ranges, all together', async () => {
			expect(await found({})).toEqual(['churn:1.0.0', 'churn:1.1.0', 'fraud:3.0.0']);
			expect(await found({ text: 'CHU' })).toEqual(['churn:1.0.0', 'churn:1.1.0']);
			expect(await found({ text: 'risk' })).toEqual(['fraud:3.0.0']);
			expect(await found({ tags: { team: 'growth', gpu: '*' } })).toEqual(['churn:1.1.0']);
			expect(await found({ stages: ['production', 'staging'] })).toEqual(['churn:1.1.0']);
			expect(await found({ frameworks: ['pytorch'] })).toEqual(['fraud:3.0.0']);
			expect(await found({ metrics: { accuracy: { min: 0.85 } } })).toEqual(['churn:1.1.0']);
			expect(await found({ metrics: { auc: { min: 0.9, max: 1 } } })).toEqual(['fraud:3.0.0']);
			expect(
				await found({ text: 'churn', stages: ['development'], metrics: { accuracy: { max: 0.85 } } })
			).toEqual(['churn:1.0.0']);
			expect(await registry.search({ limit: 1, offset: 1 })).toMatchObject({
				total: 3,
				offset: 1,
				limit: 1,
				items: [{ fullName: 'churn:1.1.0' }]
			});
		});

		it('answers the same from memory as from the store (the worker searches in memory)', async () => {
			const all = await registry.allVersions();
			expect(all.map((v) => v.fullName)).toEqual(['churn:1.0.0', 'churn:1.1.0', 'fraud:3.0.0']);
			for (const filter of [
				{},
				{ text: 'chu' },
				{ stages: ['production' as const] },
				{ metrics: { auc: { min: 0.9 } } }
			]) {
				const page = await registry.search({ ...filter, limit: 2 });
				expect(searchIn(all, filter, { offset: 0, limit: 2 })).toEqual({
					items: page.items,
					total: page.total
				});
			}
		});

		it('refuses a malformed filter', async () => {
			await expectError(registry.search({ stages: ['live' as never] }), 'INVALID_INPUT', 'stages[0]');
			await expectError(
				registry.search({ metrics: { accuracy: { min: NaN } } }),
				'INVALID_INPUT',
				'metrics.accuracy.min'
			);
			await expectError(
				registry.search({ metrics: { accuracy: { min: 1, max: 0 } } }),
				'INVALID_INPUT',
				'metrics.accuracy'
			);
			await expectError(
				registry.search({ tags: JSON.parse('{"__proto__": "x"}') }),
				'INVALID_INPUT',
				'tags.__proto__'
			);
		});
	});

	describe('invalid input', () => {
		const tooLongName = 'a'.repeat(129);
		const cases: Array<[string, Record<string, unknown>, string, string]> = [
			['an empty name', { name: '' }, 'name', 'required'],
			['a name over 128 characters', { name: tooLongName }, 'name', 'pattern'],
			['a name with a space', { name: 'my model' }, 'name', 'pattern'],
			['a name with a slash', { name: 'a/b' }, 'name', 'pattern'],
			['a name starting with a dot', { name: '.hidden' }, 'name', 'pattern'],
			['a name that is not text', { name: 42 }, 'name', 'required'],
			['version 1.0', { version: '1.0' }, 'version', 'semver'],
			['version v1.0.0', { version: 'v1.0.0' }, 'version', 'semver'],
			['an unknown framework', { framework: 'jax' }, 'framework', 'enum'],
			['a NaN metric', { metrics: { accuracy: NaN } }, 'metrics.accuracy', 'finite-number'],
			[
				'an Infinity metric',
				{ metrics: { custom: { auc: Infinity } } },
				'metrics.custom.auc',
				'finite-number'
			],
			['a -Infinity metric', { metrics: { mse: -Infinity } }, 'metrics.mse', 'finite-number'],
			['a metric that is text', { metrics: { accuracy: '0.9' } }, 'metrics.accuracy', 'finite-number'],
			['an unknown top-level metric', { metrics: { auc: 0.9 } }, 'metrics.auc', 'unknown-metric'],
			[
				'__proto__ as a tag key',
				{ tags: JSON.parse('{"__proto__": "x"}') },
				'tags.__proto__',
				'forbidden-key'
			],
			['constructor as a tag key', { tags: { constructor: 'x' } }, 'tags.constructor', 'forbidden-key'],
			[
				'a tag key over 128 characters',
				{ tags: { ['k'.repeat(129)]: 'v' } },
				`tags.${'k'.repeat(129)}`,
				'max-length'
			],
			['a tag value over 4096 characters', { tags: { k: 'v'.repeat(4097) } }, 'tags.k', 'max-length'],
			['a tag value that is a number', { tags: { k: 1 } }, 'tags.k', 'string'],
			[
				'__proto__ as a parameter key',
				{ parameters: JSON.parse('{"a": {"__proto__": 1}}') },
				'parameters.a.__proto__',
				'forbidden-key'
			],
			['a function as a parameter', { parameters: { fn: () => 1 } }, 'parameters.fn', 'json'],
			['a BigInt as a parameter', { parameters: { n: 10n } }, 'parameters.n', 'json'],
			['undefined as a parameter', { parameters: { u: undefined } }, 'parameters.u', 'json'],
			['a Date as a parameter', { parameters: { d: new Date() } }, 'parameters.d', 'json'],
			['NaN in a parameter list', { parameters: { xs: [1, NaN] } }, 'parameters.xs[1]', 'json'],
			['parameters over 64 KiB', { parameters: { big: 'x'.repeat(65_536) } }, 'parameters', 'max-size'],
			['a 65 KiB description', { description: 'd'.repeat(65 * 1024) }, 'description', 'max-size'],
			[
				'a description over 64 KiB in UTF-8 only',
				{ description: 'é'.repeat(33_000) },
				'description',
				'max-size'
			]
		];

		it.each(cases)(
			'refuses %s, naming the field and the rule, and stores nothing',
			async (_case, patch, field, rule) => {
				const error = await expectError(
					registry.register({ name: 'valid', version: '1.0.0', ...patch } as never),
					'INVALID_INPUT',
					field
				);
				expect(error.details.rule).toBe(rule);
				expect(error.message.startsWith(`${field}: `)).toBe(true);
				expect(await registry.listModels()).toMatchObject({ total: 0 });
				expect(await registry.history('valid')).toEqual([]);
			}
		);

		it('refuses a cyclic parameter value', async () => {
			const cyclic: Record<string, unknown> = {};
			cyclic.self = cyclic;
			await expectError(
				registry.register({ name: 'm', version: '1.0.0', parameters: cyclic }),
				'INVALID_INPUT',
				'parameters.self'
			);
		});

		it('suggests the SemVer version that was probably meant', async () => {
			const error = await expectError(
				registry.register({ name: 'm', version: 'v1.0.0' }),
				'INVALID_INPUT',
				'version'
			);
			expect(error.message).toContain('did you mean "1.0.0"?');
			expect(error.details.suggestion).toBe('1.0.0');
		});

		it('accepts the limits themselves', async () => {
			const version = await registry.register({
				name: 'a'.repeat(128),
				version: '1.0.0',
				description: 'd'.repeat(64 * 1024),
				tags: { ['k'.repeat(128)]: 'v'.repeat(4096) }
			});
			expect(version.description).toHaveLength(64 * 1024);
		});
	});

	describe('transactions', () => {
		it('keeps nothing of a write transaction that fails', async () => {
			await registry.register({ name: 'm', version: '1.0.0' });
			const before = await snapshot('m');
			const failure = store.write(async (tx) => {
				const model = (await tx.getModel('m'))!;
				await tx.putModel({ ...model, description: 'half-written' });
				await tx.deleteVersion('m', '1.0.0');
				await tx.appendEvent({ at: 'now', kind: 'model.updated', model: 'm' });
				throw new Error('crash in the middle');
			});
			await expect(failure).rejects.toThrow('crash in the middle');
			expect(await snapshot('m')).toEqual(before);
			await registry.register({ name: 'm', version: '2.0.0' });
			expect((await registry.history('m')).map((e) => e.id)).toEqual([1, 2]);
		});
	});
});
