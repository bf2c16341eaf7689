/**
 * A version's folder of files in a bundle: format 2 carries it whole, format 1's one artifact still
 * imports as a folder of one, and a manifest whose files could write outside the folder, collide, or
 * lie about their size is refused before anything is stored.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError } from '$lib';
import { BlobWriter, TextReader, ZipWriter, BlobReader } from '$lib/bundle/zip';
import { STORES } from '../stores';
import { exportBundle, importBundle, observe } from './helpers';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A bundle zip as another tool might write it: this manifest, and each content under artifacts/. */
async function zipOf(manifest: unknown, contents: Uint8Array[]): Promise<Blob> {
	const zip = new ZipWriter(new BlobWriter());
	await zip.add('manifest.json', new TextReader(JSON.stringify(manifest)));
	const distinct = new Map(contents.map((bytes) => [sha256(bytes), bytes]));
	for (const [sha, bytes] of distinct)
		await zip.add(`artifacts/${sha}`, new BlobReader(new Blob([bytes as BlobPart])));
	return zip.close();
}

/** A manifest of format `formatVersion` with one model `m` and one version 1.0.0 carrying `fields`. */
const manifestOf = (formatVersion: number, fields: Record<string, unknown>) => ({
	format: 'model-registry-bundle',
	formatVersion,
	models: [{ name: 'm', versions: [{ version: '1.0.0', ...fields }] }]
});

const fileOf = (path: string, bytes: Uint8Array, mediaType = 'application/octet-stream') => ({
	path,
	sha256: sha256(bytes),
	size: bytes.byteLength,
	mediaType
});

/** The error importing `file` into a registry that holds something is refused with; and it still holds just that. */
async function refusedImport(file: Blob): Promise<RegistryError> {
	const registry = new ModelRegistry();
	await registry.register({ name: 'kept', version: '1.0.0', artifact: new Uint8Array([7]) });
	const before = await observe(registry);
	const error = await importBundle(registry, file, 'replace').catch((e: unknown) => e);
	expect(RegistryError.is(error, 'BUNDLE_INVALID'), String(error)).toBe(true);
	expect(await observe(registry)).toEqual(before);
	expect((await registry.verify()).checked.artifacts).toBe(1);
	return error as RegistryError;
}

describe.each(STORES)('a folder in a bundle, on %s', (_store, makeStore) => {
	it('comes back from export and import with every file, byte for byte, at the same paths', async () => {
		const shared = crypto.getRandomValues(new Uint8Array(3000));
		const source = new ModelRegistry(makeStore());
		const registered = await source.register({
			name: 'llm',
			version: '1.0.0',
			files: [
				{ path: 'tokenizer/vocab.json', content: new Blob(['{"a": 1}'], { type: 'application/json' }) },
				{ path: 'config.json', content: utf8('{}') },
				{ path: 'weights/shard-00001-of-00002.bin', content: shared },
				{ path: 'weights/shard-00002-of-00002.bin', content: crypto.getRandomValues(new Uint8Array(500)) },
				{ path: 'weights/backup/shard-00001-of-00002.bin', content: shared },
				{ path: 'README.md', content: new Uint8Array(0) }
			]
		});
		await source.register({
			name: 'llm',
			version: '1.1.0',
			files: [{ path: 'weights.bin', content: shared }]
		});

		const target = new ModelRegistry(makeStore());
		await importBundle(target, await exportBundle(source));
		expect((await target.getVersion('llm', '1.0.0'))?.files).toEqual(registered.files);
		const [before, after] = [await observe(source), await observe(target)];
		expect(Object.keys(after[0]!.files)).toHaveLength(7);
		expect(after.map((m) => m.files)).toEqual(before.map((m) => m.files));
		expect(after.map((m) => m.versions)).toEqual(before.map((m) => m.versions));
		// Shared bytes travel and are stored once: five distinct contents in seven files.
		expect(await target.verify()).toMatchObject({ checked: { artifacts: 5 }, problems: [] });
		await Promise.all([source.close(), target.close()]);
	});
});

describe('bundle files', () => {
	it("imports a format-1 version's one artifact as a folder of one, named as the file was", async () => {
		const bytes = utf8('pickled model');
		const manifest = manifestOf(1, {
			framework: 'sklearn',
			artifact: {
				sha256: sha256(bytes),
				size: bytes.byteLength,
				mediaType: 'application/x-pickle',
				filename: 'model.pkl'
			}
		});
		const registry = new ModelRegistry();
		await importBundle(registry, await zipOf(manifest, [bytes]));
		expect((await registry.getVersion('m', '1.0.0'))?.files).toEqual([
			fileOf('model.pkl', bytes, 'application/x-pickle')
		]);
		const loaded = await registry.loadFile('m', '1.0.0', 'model.pkl');
		expect(loaded.type).toBe('application/x-pickle');
		expect(await loaded.text()).toBe('pickled model');
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('takes a format-2 folder listed in any order, and keeps it in path order', async () => {
		const [a, b] = [utf8('a'), utf8('bb')];
		const manifest = manifestOf(2, { files: [fileOf('z/b.bin', b), fileOf('a.bin', a)] });
		const registry = new ModelRegistry();
		await importBundle(registry, await zipOf(manifest, [a, b]));
		expect((await registry.getVersion('m', '1.0.0'))?.files?.map((f) => f.path)).toEqual([
			'a.bin',
			'z/b.bin'
		]);
		expect(await (await registry.loadFile('m', '1.0.0', 'z/b.bin')).text()).toBe('bb');
	});

	it('refuses a path that climbs out of the folder, naming the file, and imports nothing', async () => {
		const [a, evil] = [utf8('a'), utf8('evil')];
		const manifest = manifestOf(2, { files: [fileOf('model.bin', a), fileOf('../evil', evil)] });
		const error = await refusedImport(await zipOf(manifest, [a, evil]));
		expect(error.message).toBe(
			'manifest.json: models[0].versions[0].files[1].path: must not contain "." or ".." as a folder name.'
		);
		expect(error.details).toMatchObject({ field: 'models[0].versions[0].files[1].path', rule: 'file-path' });
	});

	it.each([
		['an absolute path', '/etc/passwd'],
		['a Windows path', 'C:\\Windows\\evil.dll'],
		['a nested climb', 'weights/../../evil']
	])('refuses %s, and imports nothing', async (_case, path) => {
		const bytes = utf8('x');
		const error = await refusedImport(await zipOf(manifestOf(2, { files: [fileOf(path, bytes)] }), [bytes]));
		expect(error.details).toMatchObject({ field: 'models[0].versions[0].files[0].path', rule: 'file-path' });
	});

	it('refuses two files at one path, and a file where a folder is, and imports nothing', async () => {
		const [a, b] = [utf8('a'), utf8('b')];
		const twice = await refusedImport(
			await zipOf(manifestOf(2, { files: [fileOf('w.bin', a), fileOf('w.bin', b)] }), [a, b])
		);
		expect(twice.message).toBe(
			'manifest.json: models[0].versions[0].files[1].path: "w.bin" is also the path of file 1.'
		);
		const folder = await refusedImport(
			await zipOf(manifestOf(2, { files: [fileOf('model', a), fileOf('model/w.bin', b)] }), [a, b])
		);
		expect(folder.details).toMatchObject({
			field: 'models[0].versions[0].files[1].path',
			rule: 'file-is-folder'
		});
	});

	it('refuses a file whose declared size is not the size of its bytes in the zip, and imports nothing', async () => {
		const [a, b] = [utf8('a'), utf8('bytes')];
		const files = [fileOf('a.bin', a), { ...fileOf('weights/b.bin', b), size: 4 }];
		const error = await refusedImport(await zipOf(manifestOf(2, { files }), [a, b]));
		expect(error.message).toBe(
			'The file weights/b.bin of m:1.0.0 is declared as 4 bytes, but the bundle holds 5 bytes.'
		);
	});

	it('refuses a file whose bytes are missing from the zip, naming it', async () => {
		const [a, b] = [utf8('a'), utf8('b')];
		const manifest = manifestOf(2, { files: [fileOf('a.bin', a), fileOf('b.bin', b)] });
		const error = await refusedImport(await zipOf(manifest, [a]));
		expect(error.message).toBe(
			`The file b.bin of m:1.0.0 is missing from the bundle (artifacts/${sha256(b)}).`
		);
	});

	it('refuses a version of 100,000 empty files, by the limit, before reading any of them', async () => {
		const empty = new Uint8Array(0);
		const files = Array.from({ length: 100_000 }, (_, i) => fileOf(`shard-${i}.bin`, empty));
		const error = await refusedImport(await zipOf(manifestOf(2, { files }), [empty]));
		expect(error.details).toMatchObject({ field: 'models[0].versions[0].files', rule: 'max-items' });
		expect(error.message).toContain('has 100000 items; the limit is 10000');
	});

	it('refuses an empty list of files: a version without files leaves the field out', async () => {
		const error = await refusedImport(await zipOf(manifestOf(2, { files: [] }), []));
		expect(error.details).toMatchObject({ field: 'models[0].versions[0].files', rule: 'non-empty' });
	});

	it("refuses each format's field in the other: files in format 1, artifact in format 2", async () => {
		const bytes = utf8('x');
		const inOne = await refusedImport(
			await zipOf(manifestOf(1, { files: [fileOf('x.bin', bytes)] }), [bytes])
		);
		expect(inOne.message).toMatch(
			/^manifest\.json: models\[0\]\.versions\[0\]\.files: is not a field of the bundle format/
		);
		const artifact = {
			sha256: sha256(bytes),
			size: 1,
			mediaType: 'application/octet-stream',
			filename: 'x.bin'
		};
		const inTwo = await refusedImport(await zipOf(manifestOf(2, { artifact }), [bytes]));
		expect(inTwo.message).toMatch(
			/^manifest\.json: models\[0\]\.versions\[0\]\.artifact: is not a field of the bundle format/
		);
	});
});
