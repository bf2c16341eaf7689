/** Mutated bundles: each import either succeeds or fails with a RegistryError, and a failure writes nothing. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError } from '$lib';
import { toManifest } from '$lib/bundle/export';
import { BlobReader, BlobWriter, TextReader, ZipWriter } from '$lib/bundle/zip';
import { exportBundle, importBundle, observe } from './helpers';
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

async function expectAtomic(file: Blob) {
	const registry = await target();
	const before = await observe(registry);
	try {
		await importBundle(registry, file, 'replace');
	} catch (error) {
		expect(error, String(error)).toBeInstanceOf(RegistryError);
		expect(await observe(registry)).toEqual(before);
	}
}

const mutation = fc.oneof(
	fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
	fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
	fc.record({
		kind: fc.constant('insert' as const),
		at: fc.nat(),
		bytes: fc.uint8Array({ minLength: 1, maxLength: 16 })
	})
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
	let out = bytes.slice();
	for (const m of mutations) {
		const at = m.at % Math.max(1, out.length);
		if (m.kind === 'flip') out[at] = out[at]! ^ m.bits;
		if (m.kind === 'truncate') out = out.slice(0, at);
		if (m.kind === 'insert') out = new Uint8Array([...out.slice(0, at), ...m.bytes, ...out.slice(at)]);
	}
	return out;
}

/** Replaces the value at a random path of the manifest with something arbitrary. */
function replaceAt(value: unknown, path: number[], replacement: unknown): unknown {
	if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
	const keys = Object.keys(value);
	if (keys.length === 0) return replacement;
	const key = keys[path[0]! % keys.length]!;
	const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
	copy[key] = replaceAt((value as Record<string, unknown>)[key], path.slice(1), replacement);
	return copy;
}

describe('mutated bundles', () => {
	it('never crash and never half-write when their bytes are damaged', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
				await expectAtomic(new Blob([mutate(valid, mutations) as BlobPart]));
			}),
			{ numRuns: 300, seed: FUZZ_SEED }
		);
	});

	it('never crash and never half-write when their manifest says anything at all', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.nat(), { maxLength: 7 }), fc.jsonValue(), async (path, replacement) => {
				const zip = new ZipWriter(new BlobWriter());
				await zip.add(
					'manifest.json',
					new TextReader(JSON.stringify(replaceAt(manifest, path, replacement)))
				);
				for (const [sha256, blob] of artifacts) await zip.add(`artifacts/${sha256}`, new BlobReader(blob));
				await expectAtomic(await zip.close());
			}),
			{ numRuns: 300, seed: FUZZ_SEED }
		);
	});
});
