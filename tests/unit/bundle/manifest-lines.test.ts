/**
 * Format 3: the app writes manifest.jsonl line by line, and reads it back; a line that breaks the
 * structure is refused with its line number and the rule; formats 1 and 2 keep their manifest.json.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError } from '$lib';
import { encodeLines } from '$lib/bundle/manifest-lines';
import type { ReadLimits } from '$lib/bundle/read';
import { BlobReader, BlobWriter, ZipReader, ZipWriter } from '$lib/bundle/zip';
import { exportBundle, importBundle, observe, readWhole } from './helpers';

const AT = '2026-11-26T12:00:00.000Z';
const HEADER = { format: 'model-registry-bundle', formatVersion: 3, exportedAt: AT, generator: 'test' };
const model = (name: string, fields = {}) => ({ model: { name, ...fields } });
const version = (v: string, fields = {}) => ({ version: { version: v, ...fields } });
const event = (kind: string, v?: string) => ({ event: { at: AT, kind, ...(v && { version: v }) } });

/** Lines as a manifest.jsonl: values are stringified, text is taken as it is. */
const jsonl = (...lines: unknown[]) =>
	lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';

async function zipOf(entries: Record<string, string | Uint8Array>): Promise<Blob> {
	const zip = new ZipWriter(new BlobWriter('application/zip'));
	for (const [name, data] of Object.entries(entries)) {
		await zip.add(name, new BlobReader(new Blob([data as BlobPart])));
	}
	return zip.close();
}

/** The entries of a zip by name, as text. */
async function entriesOf(file: Blob): Promise<Map<string, string>> {
	const reader = new ZipReader(new BlobReader(file));
	const entries = new Map<string, string>();
	for (const entry of await reader.getEntries()) {
		if (!entry.directory) entries.set(entry.filename, await (await entry.getData(new BlobWriter())).text());
	}
	return entries;
}

async function refusal(file: Blob, limits: ReadLimits = {}): Promise<RegistryError> {
	const error = await readWhole(file, limits).then(
		() => undefined,
		(e: unknown) => e
	);
	expect(RegistryError.is(error, 'BUNDLE_INVALID'), String(error)).toBe(true);
	return error as RegistryError;
}

const linesRefusal = async (text: string | Uint8Array, limits: ReadLimits = {}) =>
	(await refusal(await zipOf({ 'manifest.jsonl': text }), limits)).message;

describe('format 3 as the app writes it', () => {
	it('writes manifest.jsonl first: the header, then each model, its versions, its events', async () => {
		const source = new ModelRegistry();
		await source.register({ name: 'a', version: '1.0.0', artifact: new Uint8Array([1, 2]) });
		await source.register({ name: 'a', version: '1.1.0' });
		await source.transitionStage('a', '1.1.0', 'production');
		await source.register({ name: 'b', version: '0.1.0' });
		const bundle = await exportBundle(source);

		const names = [...(await entriesOf(bundle)).keys()];
		expect(names[0]).toBe('manifest.jsonl');
		expect(names.slice(1)).toEqual([expect.stringMatching(/^artifacts\/[0-9a-f]{64}$/)]);
		const text = (await entriesOf(bundle)).get('manifest.jsonl')!;
		expect(text.endsWith('\n')).toBe(true);
		const lines = text
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(lines[0]).toEqual({
			format: 'model-registry-bundle',
			formatVersion: 3,
			exportedAt: AT,
			generator: 'model-registry (browser app)'
		});
		expect(lines.slice(1).map((line) => Object.keys(line))).toEqual([
			['model'],
			['version'],
			['version'],
			['event'],
			['event'],
			['event'],
			['model'],
			['version'],
			['event']
		]);
		expect(lines[1]).toMatchObject({ model: { name: 'a' } });
		expect(lines[2]).toMatchObject({ version: { version: '1.0.0', files: [{ path: 'artifact', size: 2 }] } });
		expect(lines[6]).toMatchObject({ event: { kind: 'version.stage_changed', version: '1.1.0' } });
	});

	it('reads back what it wrote: export, then import, gives the same registry', async () => {
		const source = new ModelRegistry();
		await source.register({
			name: 'm',
			version: '1.0.0',
			description: 'line one\nline two, "quoted", \u2028 and 😀',
			files: [
				{ path: 'a/b.bin', content: new Uint8Array([1]) },
				{ path: 'c.txt', content: new Uint8Array([2]) }
			]
		});
		await source.setAlias('m', 'champion', '1.0.0');
		const target = new ModelRegistry();
		await importBundle(target, await exportBundle(source));
		const [before, after] = [await observe(source), await observe(target)];
		expect(after.map((m) => [m.model, m.versions, m.files])).toEqual(
			before.map((m) => [m.model, m.versions, m.files])
		);
	});

	it('refuses to write a line no reader would accept, naming the version', async () => {
		const huge = { version: { version: '1.0.0', description: 'x'.repeat(65 * 1024 * 1024) } };
		const reader = encodeLines([HEADER as never, model('m') as never, huge as never]).getReader();
		const error = await reader.read().then(
			() => undefined,
			(e: unknown) => e
		);
		expect((error as Error).message).toBe(
			'Version 1.0.0 of m takes 65 MiB as a line of manifest.jsonl; a line may be at most 64 MiB, so no bundle can carry it.'
		);
	});
});

describe('reading manifest.jsonl', () => {
	it('accepts CRLF line ends, a byte-order mark and a last line without a newline', async () => {
		const text = '\uFEFF' + jsonl(HEADER, model('m'), version('1.0.0')).replaceAll('\n', '\r\n').trimEnd();
		const { bundle, snapshots } = await readWhole(await zipOf({ 'manifest.jsonl': text }));
		expect(snapshots.map((s) => [s.model.name, s.versions.map((v) => v.version)])).toEqual([
			['m', ['1.0.0']]
		]);
		expect(bundle.header).toEqual({ exportedAt: AT, generator: 'test' });
	});

	it('accepts a manifest larger than the manifest.json cap, as long as each line is small', async () => {
		const versions = Array.from({ length: 300 }, (_, i) =>
			version(`1.0.${i}`, { description: 'v'.repeat(20) })
		);
		const limits = { maxManifestBytes: 4096 };
		const text = jsonl(HEADER, model('m'), ...versions);
		expect(text.length).toBeGreaterThan(4 * limits.maxManifestBytes);
		const { snapshots } = await readWhole(await zipOf({ 'manifest.jsonl': text }), limits);
		expect(snapshots[0]!.versions).toHaveLength(300);
		// The same manifest as one manifest.json document is refused at that cap.
		const document = {
			...HEADER,
			formatVersion: 2,
			models: [{ name: 'm', versions: versions.map((v) => v.version) }]
		};
		expect(
			(await refusal(await zipOf({ 'manifest.json': JSON.stringify(document) }), limits)).message
		).toMatch(/^manifest\.json is \d+,\d+ bytes; the most a bundle's manifest may be is 4,096 bytes\.$/);
	});

	it('keeps reading formats 1 and 2 from manifest.json', async () => {
		const file = { path: 'w.bin', sha256: 'a'.repeat(64), size: 1, mediaType: 'x/y' };
		for (const [formatVersion, fields] of [
			[1, {}],
			[2, { description: 'two' }]
		] as const) {
			const document = {
				...HEADER,
				formatVersion,
				models: [{ name: 'm', versions: [{ version: '1.0.0', ...fields }] }]
			};
			const { snapshots } = await readWhole(await zipOf({ 'manifest.json': JSON.stringify(document) }));
			expect(snapshots[0]!.versions[0]).toMatchObject({ version: '1.0.0', ...fields });
		}
		// Format 2's folder, whose artifact must then be in the zip.
		const document = {
			...HEADER,
			formatVersion: 2,
			models: [{ name: 'm', versions: [{ version: '1.0.0', files: [file] }] }]
		};
		expect((await refusal(await zipOf({ 'manifest.json': JSON.stringify(document) }))).message).toBe(
			`The file w.bin of m:1.0.0 is missing from the bundle (artifacts/${'a'.repeat(64)}).`
		);
	});

	it("refuses a format in the other format's manifest", async () => {
		const document = { ...HEADER, models: [] };
		expect((await refusal(await zipOf({ 'manifest.json': JSON.stringify(document) }))).message).toBe(
			'manifest.json says format 3, whose manifest is manifest.jsonl, one line per record; manifest.json holds formats 1 and 2.'
		);
		expect(await linesRefusal(jsonl({ ...HEADER, formatVersion: 2 }))).toBe(
			'manifest.jsonl line 1: formatVersion is 2, but formats 1 and 2 keep their manifest in manifest.json, one JSON document; manifest.jsonl holds format 3.'
		);
	});

	it('refuses a bundle holding manifest.json and manifest.jsonl', async () => {
		const file = await zipOf({ 'manifest.jsonl': jsonl(HEADER), 'manifest.json': '{}' });
		expect((await refusal(file)).message).toBe(
			'The bundle holds both manifest.jsonl and manifest.json; a bundle has one manifest (manifest.jsonl from format 3 on, manifest.json before).'
		);
	});

	const STRUCTURE: Array<[string, string | Uint8Array, string]> = [
		[
			'an empty manifest',
			'',
			'manifest.jsonl is empty; its line 1 must be the header, {"format": "model-registry-bundle", "formatVersion": 3, …}.'
		],
		[
			'no header',
			jsonl(model('m'), version('1.0.0')),
			'manifest.jsonl line 1: the first line must be the header, {"format": "model-registry-bundle", "formatVersion": 3, …}, not a model line.'
		],
		[
			'an event line first',
			jsonl(event('x')),
			'manifest.jsonl line 1: the first line must be the header, {"format": "model-registry-bundle", "formatVersion": 3, …}, not an event line.'
		],
		[
			'a header after line 1',
			jsonl(HEADER, model('m'), HEADER),
			'manifest.jsonl line 3: a header line; the header is line 1, and only line 1.'
		],
		[
			'a line of an unknown kind',
			jsonl(HEADER, model('m'), { artifact: {} }),
			'manifest.jsonl line 3: a line must be {"model": …}, {"version": …} or {"event": …}, not an object with the keys "artifact".'
		],
		[
			'a line of two kinds',
			jsonl(HEADER, { model: { name: 'm' }, version: { version: '1.0.0' } }),
			'manifest.jsonl line 2: a line must be {"model": …}, {"version": …} or {"event": …}, not an object with the keys "model", "version".'
		],
		[
			'a version before any model',
			jsonl(HEADER, version('1.0.0'), model('m')),
			'manifest.jsonl line 2: a version line must follow a model line.'
		],
		[
			'an event before any model',
			jsonl(HEADER, event('version.registered')),
			'manifest.jsonl line 2: an event line must follow a model line.'
		],
		[
			"a version after its model's events",
			jsonl(HEADER, model('m'), version('1.0.0'), event('version.registered', '1.0.0'), version('1.1.0')),
			"manifest.jsonl line 5: a version line must come before its model's event lines (the model on line 2 has one on line 4)."
		],
		[
			'versions inside a model line',
			jsonl(HEADER, { model: { name: 'm', versions: [] } }),
			"manifest.jsonl line 2: model.versions is not a field of a model line; a model's versions are the version lines after it."
		],
		[
			'models inside the header',
			jsonl({ ...HEADER, models: [] }),
			'manifest.jsonl line 1: models is not a field of the header (allowed: format, formatVersion, exportedAt, generator); models, versions and events are lines of their own.'
		],
		[
			'a line that is not JSON',
			jsonl(HEADER, model('m'), '{"version": {"version": "1.0.0"'),
			'manifest.jsonl line 3 is not valid JSON: '
		],
		[
			'a line that is not an object',
			jsonl(HEADER, '[1, 2]'),
			'manifest.jsonl line 2 is an array, not a JSON object.'
		],
		[
			'a blank line',
			jsonl(HEADER, model('m'), '', version('1.0.0')),
			'manifest.jsonl line 3 is blank; every line holds one JSON object (only a newline at the end of the last line may follow it).'
		],
		[
			'bad UTF-8',
			new Uint8Array([...new TextEncoder().encode(jsonl(HEADER, model('m'))), 0xff, 0x0a]),
			'manifest.jsonl line 3 is not valid UTF-8 text.'
		],
		[
			'another format',
			jsonl({ ...HEADER, format: 'something-else' }),
			'This is not a model registry bundle: manifest.jsonl line 1 has format "something-else", not "model-registry-bundle".'
		],
		[
			'a newer format',
			jsonl({ ...HEADER, formatVersion: 4 }),
			'This bundle was made by a newer version of the app (format 4); this app reads formats up to 3. Update the app to import it.'
		]
	];

	it.each(STRUCTURE)('refuses %s, naming the line and the rule', async (_, text, message) => {
		const refused = await linesRefusal(text);
		if (message.endsWith(': ')) expect(refused.startsWith(message), refused).toBe(true);
		else expect(refused).toBe(message);
	});

	it('refuses a line over the cap, and more versions, events or models than the bounds', async () => {
		const lines = [HEADER, model('m'), version('1.0.0'), version('1.1.0'), event('x'), event('y')];
		expect(await linesRefusal(jsonl(...lines), { maxLineBytes: 30 })).toBe(
			'manifest.jsonl line 1 is longer than 30 bytes, the most one line may be.'
		);
		expect(await linesRefusal(jsonl(...lines), { maxVersions: 1 })).toBe(
			'manifest.jsonl line 4: the bundle holds more than 1 versions; no real bundle has that many.'
		);
		expect(await linesRefusal(jsonl(...lines), { maxEvents: 1 })).toBe(
			'manifest.jsonl line 6: the bundle holds more than 1 history events; no real bundle has that many.'
		);
		expect(await linesRefusal(jsonl(HEADER, model('a'), model('b')), { maxModels: 1 })).toBe(
			'manifest.jsonl line 3: the bundle holds more than 1 models; no real bundle has that many.'
		);
	});

	it('names the line of a field that breaks a rule, and the field within the line', async () => {
		const header = HEADER;
		expect(
			await linesRefusal(
				jsonl(header, model('m'), version('1.0.0'), version('1.1.0', { metrics: { accuracy: 'high' } }))
			)
		).toBe('manifest.jsonl line 4: version.metrics.accuracy: must be a finite number, not a string.');
		expect(await linesRefusal(jsonl(header, model('m', { colour: 'red' })))).toMatch(
			/^manifest\.jsonl line 2: model\.colour: is not a field of the bundle format/
		);
		expect(await linesRefusal(jsonl(header, model('m'), event('x'), { event: { kind: 'y' } }))).toBe(
			'manifest.jsonl line 4: event.at: must be an ISO 8601 timestamp such as 2026-11-26T10:00:00.000Z.'
		);
		expect(await linesRefusal(jsonl(header, model('m'), model('n'), model('m')))).toBe(
			'manifest.jsonl line 4: model.name: m appears more than once.'
		);
		expect(
			await linesRefusal(
				jsonl(
					header,
					model('m'),
					version('1.0.0', { stage: 'production' }),
					version('1.1.0', { stage: 'production' })
				)
			)
		).toBe(
			'manifest.jsonl, the version lines of the model on line 2: 1.0.0 and 1.1.0 are all in production; a model has at most one production version.'
		);
		expect(await linesRefusal(jsonl({ ...header, exportedAt: 'yesterday' }))).toBe(
			'manifest.jsonl line 1: exportedAt: must be an ISO 8601 timestamp such as 2026-11-26T10:00:00.000Z.'
		);
		const error = await refusal(await zipOf({ 'manifest.jsonl': jsonl(header, model('m'), version('1.0')) }));
		expect(error.details).toMatchObject({ line: 3, rule: 'semver' });
	});

	it("names the line of a rule over a model's versions: a duplicate's own, an alias's model's", async () => {
		expect(await linesRefusal(jsonl(HEADER, model('m'), version('1.0.0'), version('1.0.0')))).toBe(
			'manifest.jsonl line 4: version.version: 1.0.0 appears more than once in m.'
		);
		const aliased = model('m', { aliases: { champion: '9.9.9' } });
		const error = await refusal(
			await zipOf({
				'manifest.jsonl': jsonl(HEADER, aliased, version('1.0.0'), model('n'), version('1.0.0'))
			})
		);
		expect(error.message).toBe(
			'manifest.jsonl line 2: model.aliases.champion: points at 9.9.9, which is not a version of m in this bundle.'
		);
		expect(error.details).toMatchObject({ line: 2, field: 'models[0].aliases.champion', rule: 'version' });
	});

	it("checks each version's files against the zip's entries, and at the end every entry against the versions", async () => {
		const bytes = new TextEncoder().encode('weights');
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const file = (size: number) => ({ path: 'w.bin', sha256, size, mediaType: 'x/y' });
		const lines = (size: number) => jsonl(HEADER, model('m'), version('1.0.0', { files: [file(size)] }));
		expect(await linesRefusal(lines(7))).toBe(
			`The file w.bin of m:1.0.0 is missing from the bundle (artifacts/${sha256}).`
		);
		const entries = (text: string) => zipOf({ 'manifest.jsonl': text, [`artifacts/${sha256}`]: bytes });
		expect((await refusal(await entries(lines(6)))).message).toBe(
			'The file w.bin of m:1.0.0 is declared as 6 bytes, but the bundle holds 7 bytes.'
		);
		expect((await refusal(await entries(jsonl(HEADER, model('m'), version('1.0.0'))))).message).toBe(
			`The bundle holds artifacts/${sha256}, which no version refers to.`
		);
		const { bundle, snapshots } = await readWhole(await entries(lines(7)));
		expect(snapshots[0]!.versions[0]!.files).toEqual([file(7)]);
		expect(bundle.owners).toEqual(new Map([[sha256, 'm:1.0.0 (w.bin)']]));
	});
});
