/**
 * Mutated bundles: each import either succeeds or fails with a RegistryError, and a failure
 * writes nothing. Damaged zip bytes, and manifests — in a zip, as a bare .json file, or as the
 * reference registry's to_dict() list — that say anything at all.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, ModelRegistry, RegistryError } from '$lib';
import { toManifest } from '$lib/bundle/export';
import { BlobReader, BlobWriter, TextReader, ZipWriter } from '$lib/bundle/zip';
import { exportBundle, importBundle, observe } from './helpers';
import { hostileNumber, hostileText, mutate, mutation, nestedTo, prototypeKeyed, Tally } from '../hostile';
import { FUZZ_SEED } from '../seed';

let valid: Uint8Array;
let manifest: Record<string, unknown>;
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
