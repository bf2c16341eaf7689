/**
 * A bundle read as a stream of parts: each part bounded, a model's versions before its events, `more`
 * on all of a model's parts but its last; a pass read as it is consumed, run twice, stopped early, and
 * failing on a late line only after the parts before it came out.
 */
import { describe, expect, it } from 'vitest';
import { RegistryError, type ModelSnapshot, type SnapshotPart } from '$lib';
import { writeBundle } from '$lib/bundle/export';
import { bundleParts, collectSnapshots, openBundle, type OpenedBundle } from '$lib/bundle/import';
import { encodeLines, manifestLines } from '$lib/bundle/manifest-lines';
import { inflatedChunks } from '$lib/bundle/read';
import { BlobWriter, TextReader, ZipWriter, type FileEntry } from '$lib/bundle/zip';
import { aVersion } from '../builders';

const AT = '2026-11-26T12:00:00.000Z';

/** A model of `versions` versions (1.0.0, 1.0.1, …) and `events` history events. */
function aModel(name: string, versions: number, events: number): ModelSnapshot {
	return {
		model: {
			name,
			description: `About ${name}`,
			tags: { team: 'a' },
			createdAt: AT,
			updatedAt: AT,
			aliases: {}
		},
		versions: Array.from({ length: versions }, (_, i) =>
			aVersion({ modelName: name, version: `1.0.${i}`, metrics: { accuracy: 0.5, custom: {} } })
		),
		history: Array.from({ length: events }, (_, i) => ({
			at: AT,
			kind: 'version.registered' as const,
			version: `1.0.${i % Math.max(1, versions)}`
		}))
	};
}

async function bundleOf(snapshots: ModelSnapshot[]): Promise<Blob> {
	return (await writeBundle(snapshots, new Map(), undefined, { now: new Date(AT) })) as Blob;
}

async function partsOf(bundle: OpenedBundle, partSize?: number): Promise<SnapshotPart[]> {
	const parts: SnapshotPart[] = [];
	for await (const part of bundleParts(bundle, { partSize })) parts.push(part);
	return parts;
}

/** Each part as [model, versions, events, more]. */
const shapes = (parts: SnapshotPart[]) =>
	parts.map((p) => [p.model.name, p.versions.length, p.history.length, p.more ?? false]);

describe('a bundle as parts', () => {
	it('cuts a model into parts of at most partSize records, versions first, and merges back to what was exported', async () => {
		const exported = [aModel('big', 2_500, 1_200), aModel('small', 2, 1)];
		const bundle = await openBundle(await bundleOf(exported));
		const parts = await partsOf(bundle);
		expect(shapes(parts)).toEqual([
			['big', 1_000, 0, true],
			['big', 1_000, 0, true],
			['big', 500, 500, true],
			['big', 0, 700, false],
			['small', 2, 1, false]
		]);
		// Each part repeats its model's own fields.
		for (const part of parts.slice(0, 4)) expect(part.model).toEqual(exported[0]!.model);
		expect(await collectSnapshots(parts)).toEqual(exported);
		expect(bundle.header).toEqual({ generator: 'model-registry (browser app)', exportedAt: AT });
	});

	it('gives a model without versions or events as one part of its own fields', async () => {
		const exported = [aModel('empty', 0, 0)];
		const parts = await partsOf(await openBundle(await bundleOf(exported)), 10);
		expect(shapes(parts)).toEqual([['empty', 0, 0, false]]);
		expect(await collectSnapshots(parts)).toEqual(exported);
	});

	it('cuts a manifest.json read whole into the same parts', async () => {
		const { toManifest } = await import('$lib/bundle/export');
		const exported = [aModel('m', 25, 12)];
		const file = new Blob([JSON.stringify(toManifest(exported, new Date(AT)))]);
		const parts = await partsOf(await openBundle(file), 10);
		expect(shapes(parts)).toEqual([
			['m', 10, 0, true],
			['m', 10, 0, true],
			['m', 5, 5, true],
			['m', 0, 7, false]
		]);
		expect(await collectSnapshots(parts)).toEqual(exported);
	});

	it('can be passed over twice, reading and checking the file each time', async () => {
		const bundle = await openBundle(await bundleOf([aModel('m', 30, 5)]));
		const first = await partsOf(bundle, 7);
		const second = await partsOf(bundle, 7);
		expect(second).toEqual(first);
		expect(shapes(first)).toHaveLength(5);
	});

	it('refuses a part size that is not a whole number, 1 or more', async () => {
		const bundle = await openBundle(await bundleOf([aModel('m', 1, 0)]));
		await expect(partsOf(bundle, 0)).rejects.toThrow(RangeError);
	});

	it('throws a late line’s error only after the parts before it came out', async () => {
		const lines: string[] = [];
		for await (const line of manifestLines([aModel('m', 3_000, 0)], new Date(AT)))
			lines.push(JSON.stringify(line));
		// Line 2,903 is the model's 2,901st version (line 1 is the header, line 2 the model).
		lines[2_902] = JSON.stringify({ version: { version: '9.9.9', metrics: { accuracy: 'high' } } });
		const zip = new ZipWriter(new BlobWriter());
		await zip.add('manifest.jsonl', new TextReader(lines.join('\n')));
		const bundle = await openBundle(await zip.close());
		const parts: SnapshotPart[] = [];
		const error = await (async () => {
			for await (const part of bundleParts(bundle)) parts.push(part);
		})().catch((e: unknown) => e);
		expect(RegistryError.is(error, 'BUNDLE_INVALID'), String(error)).toBe(true);
		expect((error as RegistryError).message).toBe(
			'manifest.jsonl line 2903: version.metrics.accuracy: must be a finite number, not a string.'
		);
		expect((error as RegistryError).details).toMatchObject({ line: 2903 });
		expect(shapes(parts)).toEqual([
			['m', 1_000, 0, true],
			['m', 1_000, 0, true]
		]);
	});

	it('checks a model’s versions together at its end, before its last part', async () => {
		const model = aModel('m', 5, 0);
		model.versions[0]!.stage = 'production';
		model.versions[4]!.stage = 'production';
		const bundle = await openBundle(await bundleOf([model]));
		const parts: SnapshotPart[] = [];
		const error = await (async () => {
			for await (const part of bundleParts(bundle, { partSize: 2 })) parts.push(part);
		})().catch((e: unknown) => e);
		expect((error as Error).message).toBe(
			'manifest.jsonl, the version lines of the model on line 2: 1.0.0 and 1.0.4 are all in production; a model has at most one production version.'
		);
		expect(shapes(parts)).toEqual([
			['m', 2, 0, true],
			['m', 2, 0, true]
		]);
	});
});

describe('reading a pass as it is consumed', () => {
	it('holds no more than a part of a bundle of 50,000 versions', async () => {
		const bundle = await openBundle(await bundleOf([aModel('a', 30_000, 0), aModel('b', 20_000, 10)]));
		let parts = 0;
		let versions = 0;
		let largest = 0;
		for await (const part of bundleParts(bundle)) {
			parts++;
			versions += part.versions.length;
			largest = Math.max(largest, part.versions.length + part.history.length);
		}
		expect(versions).toBe(50_000);
		expect(largest).toBe(1_000);
		expect(parts).toBe(51);
	});

	it('reads the manifest only as far as the parts taken need', async () => {
		const source = encodeLines(manifestLines([aModel('m', 50_000, 0)], new Date(AT)));
		let chunks = 0;
		const counted = source.pipeThrough(
			new TransformStream<Uint8Array, Uint8Array>({
				transform(chunk, controller) {
					chunks++;
					controller.enqueue(chunk);
				}
			})
		);
		// An entry that hands over the manifest's bytes as zip.js would, in about 256 KiB chunks.
		const entry = {
			filename: 'manifest.jsonl',
			getData: (writable: WritableStream<Uint8Array>) => counted.pipeTo(writable)
		} as unknown as FileEntry;
		const bundle: OpenedBundle = {
			file: new Blob([]),
			kind: 'zip',
			entries: new Map(),
			manifestEntry: entry,
			limits: {},
			now: () => new Date(AT),
			owners: new Map()
		};
		const taken: SnapshotPart[] = [];
		for await (const part of bundleParts(bundle)) {
			taken.push(part);
			if (taken.length === 2) break;
		}
		// Two parts are some 2,000 lines of about 250 bytes: a few of the manifest's some 50 chunks.
		expect(chunks).toBeGreaterThan(0);
		expect(chunks).toBeLessThan(6);
		expect(shapes(taken)).toEqual([
			['m', 1_000, 0, true],
			['m', 1_000, 0, true]
		]);
	});

	it('ends a pass the consumer leaves early, without leaving the read hanging', async () => {
		const bundle = await openBundle(await bundleOf([aModel('m', 5_000, 0)]));
		for await (const part of bundleParts(bundle)) {
			expect(part.more).toBe(true);
			break;
		}
		// And the bundle can be read again, whole.
		expect((await collectSnapshots(bundleParts(bundle)))[0]!.versions).toHaveLength(5_000);
	});

	it('cancels the entry’s read when its consumer stops, and waits for zip.js to stop', async () => {
		let stopped = false;
		const entry = {
			async getData(writable: WritableStream<Uint8Array>) {
				const writer = writable.getWriter();
				try {
					for (;;) await writer.write(new Uint8Array(1024));
				} finally {
					stopped = true;
				}
			}
		} as unknown as FileEntry;
		for await (const chunk of inflatedChunks(entry, 'manifest.jsonl')) {
			expect(chunk.byteLength).toBe(1024);
			break;
		}
		expect(stopped).toBe(true);
	});

	it('refuses an entry zip.js fails to read before it writes anything', async () => {
		const entry = {
			getData: () => Promise.reject(new Error('Local file header not found'))
		} as unknown as FileEntry;
		const read = (async () => {
			for await (const _ of inflatedChunks(entry, 'manifest.jsonl')) void _;
		})();
		await expect(read).rejects.toThrow(
			'manifest.jsonl could not be read from the zip (Local file header not found).'
		);
	});
});
