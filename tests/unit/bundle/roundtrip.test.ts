/** Export → import gives back the same registry, whatever it holds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelRegistry, MODEL_STAGES, type ModelStage } from '$lib';
import { STORES } from '../stores';
import { exportBundle, importBundle, observe } from './helpers';
import { FUZZ_SEED } from '../seed';

const name = fc.stringMatching(/^[a-z][a-z0-9._-]{0,11}$/);
const text = fc.string({ maxLength: 40 });
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const versionString = fc
	.tuple(
		fc.nat(20),
		fc.nat(20),
		fc.nat(20),
		fc.option(fc.constantFrom('rc.1', 'beta', 'alpha.2'), { nil: undefined })
	)
	.map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);

/** Paths a folder may hold together: none of them is another's folder. */
const FOLDER = [
	'MLmodel',
	'model.pkl',
	'conda.yaml',
	'tokenizer/vocab.txt',
	'tokenizer/merges.txt',
	'weights/a/0.bin'
];

const versionInput = fc.record({
	version: versionString,
	framework: fc.constantFrom('sklearn', 'pytorch', 'tensorflow', 'onnx', 'custom' as const),
	metrics: fc.record({
		// A standard metric within its range; custom metrics may be anything finite.
		accuracy: fc.option(fc.double({ noNaN: true, min: 0, max: 1 }), { nil: undefined }),
		custom: fc.dictionary(key, finite, { maxKeys: 3 })
	}),
	parameters: fc.dictionary(
		key,
		fc.oneof(finite, text, fc.boolean(), fc.array(fc.integer(), { maxLength: 4 })),
		{ maxKeys: 3 }
	),
	tags: fc.dictionary(key, text, { maxKeys: 3 }),
	description: text,
	// No files, one (`artifact`), or a folder of several, some nested and some with the same bytes.
	content: fc.oneof(
		fc.constant({}),
		fc.uint8Array({ maxLength: 2048 }).map((artifact) => ({ artifact })),
		fc
			.tuple(
				fc.subarray(FOLDER, { minLength: 1 }),
				fc.array(fc.uint8Array({ maxLength: 512 }), { minLength: 1, maxLength: 3 })
			)
			.map(([paths, contents]) => ({
				files: paths.map((path, i) => ({ path, content: contents[i % contents.length]! }))
			}))
	),
	stage: fc.constantFrom(...MODEL_STAGES),
	alias: fc.option(fc.constantFrom('champion', 'challenger'), { nil: undefined })
});

const registryShape = fc.array(
	fc.record({ name, versions: fc.array(versionInput, { minLength: 1, maxLength: 5 }) }),
	{
		minLength: 1,
		maxLength: 4
	}
);

type RegistryShape = typeof registryShape extends fc.Arbitrary<infer T> ? T : never;

async function build(registry: ModelRegistry, shape: RegistryShape) {
	for (const model of shape) {
		for (const { content, ...v } of model.versions) {
			const registered = await registry
				.register({ name: model.name, ...v, ...content, stage: undefined } as never)
				.catch((e: { code?: string }) => (e.code === 'DUPLICATE_VERSION' ? undefined : Promise.reject(e)));
			if (!registered) continue;
			if (v.stage !== 'development')
				await registry.transitionStage(model.name, v.version, v.stage as ModelStage);
			if (v.alias) await registry.setAlias(model.name, v.alias, v.version);
		}
		await registry.updateModel(model.name, {
			description: `About ${model.name}`,
			tags: { source: 'generated' }
		});
	}
}

describe.each(STORES)('bundles on %s', (_store, makeStore) => {
	it('export then import into an empty registry gives back the same registry', async () => {
		await fc.assert(
			fc.asyncProperty(registryShape, async (shape) => {
				const source = new ModelRegistry(makeStore());
				const target = new ModelRegistry(makeStore());
				await build(source, shape);
				await importBundle(target, await exportBundle(source));

				const [before, after] = [await observe(source), await observe(target)];
				expect(after.map((m) => m.model)).toEqual(before.map((m) => m.model));
				expect(after.map((m) => m.versions)).toEqual(before.map((m) => m.versions));
				expect(after.map((m) => m.files)).toEqual(before.map((m) => m.files));
				// The import records itself, once per model, after the history it brought.
				for (const [i, model] of after.entries()) {
					expect(model.history.slice(0, -1)).toEqual(before[i]!.history);
					expect(model.history.at(-1)).toMatchObject({ kind: 'model.imported' });
				}
				await Promise.all([source.close(), target.close()]);
			}),
			{ numRuns: 15, seed: FUZZ_SEED }
		);
	});

	it('importing the same bundle twice changes nothing the second time', async () => {
		const source = new ModelRegistry(makeStore());
		await source.register({ name: 'm', version: '1.0.0', artifact: new Uint8Array([1, 2, 3]) });
		await source.transitionStage('m', '1.0.0', 'production');
		const bundle = await exportBundle(source);
		const target = new ModelRegistry(makeStore());
		await importBundle(target, bundle);
		const once = await observe(target);
		const { plan, result } = await importBundle(target, bundle);
		expect(plan.counts).toEqual({ newModels: 0, newVersions: 0, identical: 1, conflicting: 0 });
		expect(result).toEqual({ models: 0, added: 0, replaced: 0, skipped: 0 });
		expect(await observe(target)).toEqual(once);
	});
});
