/** Real bundle files: the Python example, the reference records, and every hostile case. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError } from '$lib';
import { openBundle } from '$lib/bundle/import';
import { ZipWriter, BlobWriter, TextReader } from '$lib/bundle/zip';
import { importBundle, observe, readWhole } from './helpers';

const FIXTURES = 'tests/fixtures/bundles';
const fixture = (name: string) => new Blob([readFileSync(join(FIXTURES, name))]);

/** A registry with something in it, to prove that a refused bundle changes nothing. */
async function populated() {
	const registry = new ModelRegistry();
	await registry.register({ name: 'm', version: '1.0.0', artifact: new Uint8Array([7]) });
	return registry;
}

const HOSTILE: Array<[string, string | RegExp]> = [
	['not-a-zip.zip', 'This file is not a registry bundle: it is neither a zip file nor JSON.'],
	['truncated.zip', /^This file is not a readable zip, so not a bundle \(it may be truncated or damaged\)/],
	[
		'no-manifest.zip',
		'The bundle has no manifest (manifest.jsonl, or manifest.json before format 3), so it is not a registry bundle.'
	],
	['invalid-json.zip', /^manifest\.json is not valid JSON: /],
	['manifest-bomb.zip', "manifest.json is 300 MiB; the most a bundle's manifest may be is 256 MiB."],
	[
		'format-too-new.zip',
		'This bundle was made by a newer version of the app (format 4); this app reads formats up to 3. Update the app to import it.'
	],
	[
		'wrong-format.zip',
		'This is not a model registry bundle: manifest.json has format "something-else", not "model-registry-bundle".'
	],
	[
		'schema-violation.zip',
		'manifest.json: models[0].versions[1].metrics.accuracy: must be a finite number, not a string.'
	],
	['unknown-key.zip', /^manifest\.json: models\[0\]\.colour: is not a field of the bundle format/],
	[
		'duplicate-version.zip',
		'manifest.json: models[0].versions[1].version: 1.0.0 appears more than once in m.'
	],
	['two-production.zip', /^manifest\.json: models\[0\]\.versions: 1\.0\.0 and 1\.1\.0 are all in production/],
	[
		'alias-to-missing.zip',
		'manifest.json: models[0].aliases.champion: points at 9.9.9, which is not a version of m in this bundle.'
	],
	[
		'missing-artifact.zip',
		/^The file model\.pkl of m:1\.0\.0 is missing from the bundle \(artifacts\/[0-9a-f]{64}\)\.$/
	],
	['extra-artifact.zip', /^The bundle holds artifacts\/[0-9a-f]{64}, which no version refers to\.$/],
	[
		'checksum-mismatch.zip',
		'The artifact for m:1.0.0 (model.pkl) does not match its SHA-256; the bundle is damaged.'
	],
	['size-lie.zip', 'The file model.pkl of m:1.0.0 is declared as 99 bytes, but the bundle holds 100 bytes.'],
	['path-traversal.zip', 'The bundle holds an entry with an unsafe path, "../evil.txt"; bundles never do.'],
	['absolute-path.zip', 'The bundle holds an entry with an unsafe path, "/etc/evil.txt"; bundles never do.'],
	[
		'bad-entry-name.zip',
		'The bundle holds "notes/readme.txt", which is not part of the format (only manifest.jsonl or manifest.json, and artifacts/<sha256>).'
	],
	[
		'both-manifests.zip',
		'The bundle holds both manifest.jsonl and manifest.json; a bundle has one manifest (manifest.jsonl from format 3 on, manifest.json before).'
	],
	['lines-version-before-model.zip', 'manifest.jsonl line 2: a version line must follow a model line.'],
	['lines-line-bomb.zip', 'manifest.jsonl line 2 is longer than 64 MiB, the most one line may be.']
];

describe('bundle fixtures', () => {
	it.each(HOSTILE)(
		'refuses %s with a message naming the problem, changing nothing',
		async (file, message) => {
			const registry = await populated();
			const before = await observe(registry);
			const error = await importBundle(registry, fixture(`hostile/${file}`), 'replace').catch(
				(e: unknown) => e
			);
			expect(RegistryError.is(error, 'BUNDLE_INVALID'), String(error)).toBe(true);
			if (typeof message === 'string') expect((error as Error).message).toBe(message);
			else expect((error as Error).message).toMatch(message);
			expect(await observe(registry)).toEqual(before);
		}
	);

	it('imports the bundle the documented Python example writes', async () => {
		const registry = new ModelRegistry();
		await importBundle(registry, fixture('valid-python-example.zip'));
		expect(await registry.getVersion('python-model', '1.0.0')).toMatchObject({
			framework: 'sklearn',
			metrics: { accuracy: 0.91, custom: { val_loss: 0.2 } },
			parameters: { max_depth: 6, n_estimators: 200 },
			tags: { team: 'ml-platform' },
			// A format-1 bundle: its one artifact is a folder of one, named as the file was.
			files: [
				{
					path: 'model.bin',
					size: 4096,
					sha256: 'c8f5d0341d54d951a71b136e6e2afcb14d11ed8489a7ae126a8fee0df6ecf193'
				}
			]
		});
		const bytes = Buffer.from(
			await (await registry.loadFile('python-model', '1.0.0', 'model.bin')).arrayBuffer()
		);
		expect(bytes.equals(Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)))).toBe(true);
	});

	it('imports what the Python example writes when run now', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
		writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(1000, 42));
		const out = join(dir, 'out.zip');
		execFileSync('python3', [
			'docs/examples/write_bundle.py',
			...[
				'--out',
				out,
				'--name',
				'trained',
				'--version',
				'2.1.0',
				'--accuracy',
				'0.88',
				'--artifact',
				join(dir, 'weights.bin')
			]
		]);
		const registry = new ModelRegistry();
		await importBundle(registry, new Blob([readFileSync(out)]));
		expect(await registry.getVersion('trained', '2.1.0')).toMatchObject({
			metrics: { accuracy: 0.88 },
			files: [{ path: 'weights.bin', size: 1000 }]
		});
	});

	it('imports a folder the Python example writes when run now, every file at its path', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
		const contents: Record<string, Buffer> = {
			MLmodel: Buffer.from('flavors:\n  sklearn: {}\n'),
			'model/model.pkl': Buffer.alloc(2000, 7),
			'model/requirements.txt': Buffer.from('scikit-learn\n')
		};
		for (const [path, bytes] of Object.entries(contents)) {
			mkdirSync(dirname(join(dir, 'folder', path)), { recursive: true });
			writeFileSync(join(dir, 'folder', path), bytes);
		}
		const out = join(dir, 'out.zip');
		execFileSync('python3', [
			'docs/examples/write_bundle.py',
			...['--out', out, '--name', 'folder-model', '--version', '1.0.0', '--folder', join(dir, 'folder')]
		]);
		const registry = new ModelRegistry();
		await importBundle(registry, new Blob([readFileSync(out)]));
		const version = await registry.getVersion('folder-model', '1.0.0');
		expect(version?.files?.map((f) => [f.path, f.size])).toEqual(
			Object.entries(contents).map(([path, bytes]) => [path, bytes.byteLength])
		);
		for (const [path, bytes] of Object.entries(contents)) {
			const loaded = Buffer.from(
				await (await registry.loadFile('folder-model', '1.0.0', path)).arrayBuffer()
			);
			expect(loaded.equals(bytes), path).toBe(true);
		}
	});

	it('imports a format-2 bundle (manifest.json, a folder per version) as it was written', async () => {
		const registry = new ModelRegistry();
		await importBundle(registry, fixture('valid-format-2.zip'));
		expect(await registry.getModel('format-two')).toMatchObject({
			description: 'A **format-2** bundle.',
			aliases: { champion: '1.1.0' },
			productionVersion: '1.1.0'
		});
		const version = await registry.getVersion('format-two', '1.1.0');
		expect(version).toMatchObject({ metrics: { accuracy: 0.9, custom: { val_loss: 0.1 } } });
		expect(version?.files?.map((f) => [f.path, f.size])).toEqual([
			['MLmodel', 23],
			['model/model.pkl', 1024]
		]);
		expect((await registry.history('format-two')).map((e) => e.kind)).toEqual([
			'version.registered',
			'version.registered',
			'version.stage_changed',
			'model.imported'
		]);
	});

	it("imports the reference registry's to_dict() list", async () => {
		const registry = new ModelRegistry();
		await importBundle(registry, fixture('valid-to-dict.json'));
		expect(await registry.getModel('legacy-model')).toMatchObject({
			versionCount: 3,
			productionVersion: '2.0.0'
		});
	});

	it('refuses a zip with more entries than any real bundle has, before reading them all', async () => {
		const zip = new ZipWriter(new BlobWriter());
		for (let i = 0; i < 20; i++)
			await zip.add(`artifacts/${i.toString(16).padStart(64, '0')}`, new TextReader('x'));
		const file = await zip.close();
		await expect(openBundle(file, { maxEntries: 10 })).rejects.toThrow(
			'The bundle has more than 10 entries; no real bundle has that many.'
		);
	});

	it('says a .json file cannot carry files', async () => {
		const manifest = {
			format: 'model-registry-bundle',
			formatVersion: 1,
			models: [
				{
					name: 'm',
					versions: [
						{
							version: '1.0.0',
							artifact: { sha256: 'a'.repeat(64), size: 1, mediaType: 'x/y', filename: 'f' }
						}
					]
				}
			]
		};
		const message = 'm:1.0.0 has files, but a .json file cannot carry them; export a .zip bundle instead.';
		await expect(readWhole(new Blob([JSON.stringify(manifest)]))).rejects.toThrow(message);
		const file = { path: 'model/f', sha256: 'a'.repeat(64), size: 1, mediaType: 'x/y' };
		const folder = {
			...manifest,
			formatVersion: 2,
			models: [{ name: 'm', versions: [{ version: '1.0.0', files: [file] }] }]
		};
		await expect(readWhole(new Blob([JSON.stringify(folder)]))).rejects.toThrow(message);
	});
});
