/**
 * Mutated bundles: each import either succeeds or fails with a RegistryError, and a failure
 * writes nothing. Damaged zip bytes, manifests — format 3's lines, format 2's manifest.json in a
 * zip or as a bare .json file, or the reference registry's to_dict() list — that say anything at
 * all, and manifest.jsonl's lines dropped, repeated, swapped or interleaved with stray text.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, ModelRegistry, RegistryError } from '$lib';
import { toManifest } from '$lib/bundle/export';
import { manifestLines } from '$lib/bundle/manifest-lines';
import { BlobReader, BlobWriter, TextReader, ZipWriter } from '$lib/bundle/zip';
import { exportBundle, importBundle, observe } from './helpers';
import { hostileNumber, hostileText, mutate, mutation, nestedTo, prototypeKeyed, Tally } from '../hostile';
import { FUZZ_SEED } from '../seed';

let valid: Uint8Array;
let manifest: Record<string, unknown>;
let lines: unknown[];
let artifacts: Map<string, Blob>;

beforeAll(async () => {
	const source = new ModelRegistry();
	await source.register({
		name: 'm',
		version: '1.0.0',
		metrics: { accuracy: 0.9 },
		artifact: new Uint8Array(300).fill(1)
	});
	await source.register({
		name: 'm',
		version: '1.1.0',
		tags: { a: 'b' },
		artifact: new Uint8Array(200).fill(2)
	});
	await source.transitionStage('m', '1.1.0', 'production');
	await source.setAlias('m', 'champion', '1.1.0');
	valid = new Uint8Array(await (await exportBundle(source)).arrayBuffer());
	const snapshot = await source.snapshot();
	manifest = JSON.parse(JSON.stringify(toManifest(snapshot.snapshots, new Date())));
	lines = [];
	for await (const line of manifestLines(snapshot.snapshots, new Date()))
		lines.push(JSON.parse(JSON.stringify(line)));
	artifacts = snapshot.artifacts;
});

async function target() {
	const registry = new ModelRegistry();
	await registry.register({ name: 'm', version: '1.0.0', tags: { local: 'yes' } });
	await registry.register({ name: 'other', version: '0.1.0', artifact: new Uint8Array([9]) });
	return registry;
}

async function expectAtomic(file: Blob, kind: string, tally: Tally) {
	tally.add(kind);
	const registry = await target();
	const before = await observe(registry);
	try {
		await importBundle(registry, file, 'replace');
	} catch (error) {
		expect(error, String(error)).toBeInstanceOf(RegistryError);
		expect(ERROR_CODES).toContain((error as RegistryError).code);
		expect(await observe(registry)).toEqual(before);
		tally.note(`${kind}: ${(error as RegistryError).code}`);
		return;
	}
	tally.note(`${kind}: imported`);
	expect((await registry.verify()).problems).toEqual([]);
}

/** What JSON can carry, at its most hostile: huge and strange text, prototype keys, deep nesting. */
const jsonHostile = fc.oneof(
	fc.jsonValue(),
	hostileText,
	hostileNumber,
	prototypeKeyed,
	// JSON.stringify recurses, so the deepest values the registry sees come from other suites.
	nestedTo([10, 65, 200, 2_000])
);
const jsonMutations = fc.array(
	mutation.chain((m) => jsonHostile.map((value) => ({ ...m, value }))),
	{ minLength: 1, maxLength: 3 }
);

const byteMutation = fc.oneof(
	fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
	fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
	fc.record({
		kind: fc.constant('insert' as const),
		at: fc.nat(),
		bytes: fc.uint8Array({ minLength: 1, maxLength: 16 })
	})
);

type ByteMutation = typeof byteMutation extends fc.Arbitrary<infer T> ? T : never;

function damage(bytes: Uint8Array, mutations: ByteMutation[]): Uint8Array {
	let out = bytes.slice();
	for (const m of mutations) {
		const at = m.at % Math.max(1, out.length);
		if (m.kind === 'flip') out[at] = out[at]! ^ m.bits;
		if (m.kind === 'truncate') out = out.slice(0, at);
		if (m.kind === 'insert') out = new Uint8Array([...out.slice(0, at), ...m.bytes, ...out.slice(at)]);
	}
	return out;
}

/** Text a line of manifest.jsonl may hold instead of a record: nothing, half a record, another kind. */
const strayLine = fc.oneof(
	fc.constantFrom(
		'',
		' ',
		'\r',
		'{',
		'null',
		'[]',
		'{}',
		'\uFEFF{}',
		'{"model": {}}',
		'{"version": {}}',
		'{"event": {}}',
		'{"model": {"name": "m"}, "event": {}}',
		'{"format": "model-registry-bundle", "formatVersion": 3}'
	),
	fc.jsonValue().map((value) => JSON.stringify(value)),
	fc.string({ maxLength: 40 })
);

/** What may happen to the lines as a whole: one dropped, repeated, swapped, or stray text put in. */
const lineMutation = fc.oneof(
	fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
	fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: strayLine })
);
type LineMutation = typeof lineMutation extends fc.Arbitrary<infer T> ? T : never;

function reshape(texts: string[], mutations: LineMutation[]): string[] {
	const out = [...texts];
	for (const m of mutations) {
		const at = m.at % Math.max(1, out.length);
		if (m.kind === 'drop') out.splice(at, 1);
		if (m.kind === 'repeat' && out.length) out.splice(at, 0, out[at]!);
		if (m.kind === 'insert') out.splice(at, 0, m.text);
		if (m.kind === 'swap' && out.length) {
			const other = m.with % out.length;
			[out[at], out[other]] = [out[other]!, out[at]!];
		}
	}
	return out;
}

describe('mutated bundles', () => {
	it('never crash and never half-write when their bytes are damaged', async () => {
		const tally = new Tally();
		const numRuns = 300;
		await fc.assert(
			fc.asyncProperty(fc.array(byteMutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
				await expectAtomic(new Blob([damage(valid, mutations) as BlobPart]), 'zip bytes damaged', tally);
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});

	it('never crash and never half-write when their manifest says anything at all', async () => {
		const tally = new Tally();
		const numRuns = 300;
		await fc.assert(
			fc.asyncProperty(jsonMutations, async (mutations) => {
				const zip = new ZipWriter(new BlobWriter());
				const changed = mutations.reduce<unknown>((value, m) => mutate(value, m), manifest);
				await zip.add('manifest.json', new TextReader(JSON.stringify(changed)));
				for (const [sha256, blob] of artifacts) await zip.add(`artifacts/${sha256}`, new BlobReader(blob));
				await expectAtomic(await zip.close(), 'zip manifest mutated', tally);
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});

	it("never crash and never half-write when manifest.jsonl's lines say anything, in any order", async () => {
		const tally = new Tally();
		const numRuns = 300;
		await fc.assert(
			fc.asyncProperty(
				fc.option(jsonMutations, { nil: [] }),
				fc.array(lineMutation, { maxLength: 3 }),
				fc.constantFrom('\n', '\r\n'),
				fc.boolean(),
				async (valueMutations, lineMutations, newline, lastNewline) => {
					// Mutations of the values go into the lines' fields (or replace a line); the others move lines.
					const changed = valueMutations.reduce<unknown>((value, m) => mutate(value, m), lines);
					const texts = Array.isArray(changed)
						? changed.map((line) => JSON.stringify(line) ?? 'undefined')
						: [JSON.stringify(changed) ?? 'undefined'];
					const text = reshape(texts, lineMutations).join(newline) + (lastNewline ? newline : '');
					const zip = new ZipWriter(new BlobWriter());
					await zip.add('manifest.jsonl', new TextReader(text));
					for (const [sha256, blob] of artifacts) await zip.add(`artifacts/${sha256}`, new BlobReader(blob));
					await expectAtomic(await zip.close(), 'manifest.jsonl lines mutated', tally);
				}
			),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});

	it('never crash and never half-write when a bare manifest.json says anything at all', async () => {
		const tally = new Tally();
		const numRuns = 800;
		// A .json file carries no files, so the versions it starts from have none.
		const bare = JSON.parse(JSON.stringify(manifest), (key, value) => (key === 'files' ? undefined : value));
		await fc.assert(
			fc.asyncProperty(jsonMutations, async (mutations) => {
				const changed = mutations.reduce<unknown>((value, m) => mutate(value, m), bare);
				await expectAtomic(new Blob([JSON.stringify(changed)]), 'json manifest mutated', tally);
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});

	it('never crash and never half-write when a to_dict() list says anything at all', async () => {
		const tally = new Tally();
		const numRuns = 500;
		const records = JSON.parse(readFileSync('tests/fixtures/bundles/valid-to-dict.json', 'utf8'));
		await fc.assert(
			fc.asyncProperty(jsonMutations, async (mutations) => {
				const changed = mutations.reduce<unknown>((value, m) => mutate(value, m), records);
				await expectAtomic(new Blob([JSON.stringify(changed)]), 'to_dict() records mutated', tally);
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});
});
