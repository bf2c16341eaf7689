/**
 * Hostile input at every entry point that takes user data: the registry's operations (on both
 * stores), the register form, and the addresses the pages read. Each input either gives a result
 * or a RegistryError with a known code — never another exception — and a call that fails leaves
 * the registry exactly as it was. Bundles have their own suite (bundle/fuzz.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	compareVersions,
	ERROR_CODES,
	MODEL_FRAMEWORKS,
	MODEL_STAGES,
	ModelRegistry,
	parseSemver,
	RegistryError,
	STANDARD_METRICS,
	type ModelStore
} from '$lib';
import { isModelName } from '$lib/registry/validate';
import { emptyForm, parseRegisterForm, type RegisterFormValues } from '$lib/state/register-input';
import {
	compareRoute,
	decodeLikeRouter,
	modelRoute,
	registerRoute,
	repairHash,
	versionRoute
} from '$lib/ui/route-params';
import { observe } from './bundle/helpers';
import { codeUnits, hostileText, hostileValue, inheritedNames, mutated, nastyText, Tally } from './hostile';
import { FUZZ_SEED } from './seed';
import { STORES } from './stores';

// ---------------------------------------------------------------------------------------------
// The registry

const NAMES = ['m', 'other', 'new-model'];
const VERSIONS = ['1.0.0', '1.1.0', '0.1.0', '2.0.0'];
const PATHS = ['artifact', 'model.pkl', 'MLmodel', 'model/model.pkl', 'tokenizer/vocab.txt'];
const bytes = fc.uint8Array({ maxLength: 32 }).map((b) => new Uint8Array(b));

/**
 * Mostly names the registry knows, so calls get past validation; else a name every object
 * inherits (`toString`), which passes validation too; else anything at all.
 */
const pick = (valid: readonly string[]) =>
	fc.oneof(
		{ weight: 8, arbitrary: fc.constantFrom(...valid) },
		{ weight: 1, arbitrary: inheritedNames },
		{ weight: 2, arbitrary: hostileValue }
	);

const validRegistration = fc
	.record({
		name: fc.constantFrom(...NAMES),
		version: fc.oneof(
			fc.constantFrom(...VERSIONS),
			fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map((parts) => parts.join('.'))
		),
		framework: fc.constantFrom('sklearn', 'pytorch', 'onnx', 'custom'),
		metrics: fc.record({
			accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
			custom: fc.dictionary(
				fc.constantFrom('auc', 'loss', 'val_error'),
				fc.double({ noNaN: true, min: -1e6, max: 1e6 })
			)
		}),
		parameters: fc.dictionary(fc.constantFrom('depth', 'lr', 'layers'), fc.jsonValue({ maxDepth: 2 })),
		description: fc.string(),
		tags: fc.dictionary(fc.constantFrom('team', 'owner'), fc.string()),
		// No files, one artifact, or a folder: paths the registry knows, now and then the same one twice.
		content: fc.oneof(
			fc.constant({}),
			bytes.map((artifact) => ({ artifact })),
			fc
				.array(fc.record({ path: fc.constantFrom(...PATHS), content: bytes }), { minLength: 1, maxLength: 3 })
				.map((files) => ({ files }))
		)
	})
	.map(({ content, ...registration }) => ({ ...registration, ...content }));

const patch = mutated(
	fc.record({ description: fc.string(), tags: fc.dictionary(fc.constantFrom('a', 'b'), fc.string()) })
);

/** One call of one registry operation; `args` are exactly what the caller passed. */
const call = fc.oneof(
	fc.record({ op: fc.constant('register'), args: fc.tuple(mutated(validRegistration)) }),
	fc.record({ op: fc.constant('updateModel'), args: fc.tuple(pick(NAMES), patch) }),
	fc.record({ op: fc.constant('updateVersion'), args: fc.tuple(pick(NAMES), pick(VERSIONS), patch) }),
	fc.record({
		op: fc.constant('setAlias'),
		args: fc.tuple(pick(NAMES), pick(['champion', 'challenger', 'latest']), pick(VERSIONS))
	}),
	fc.record({ op: fc.constant('removeAlias'), args: fc.tuple(pick(NAMES), pick(['champion', 'x'])) }),
	fc.record({ op: fc.constant('getByAlias'), args: fc.tuple(pick(NAMES), pick(['champion', 'latest'])) }),
	fc.record({
		op: fc.constant('transitionStage'),
		args: fc.tuple(pick(NAMES), pick(VERSIONS), pick(MODEL_STAGES))
	}),
	fc.record({
		op: fc.constant('search'),
		args: fc.tuple(
			mutated(
				fc.record(
					{
						text: fc.string(),
						model: fc.constantFrom(...NAMES),
						stages: fc.subarray([...MODEL_STAGES]),
						frameworks: fc.constantFrom(['custom'], ['onnx', 'sklearn']),
						tags: fc.constantFrom({ team: '*' }, { owner: 'x' }),
						metrics: fc.constantFrom({ accuracy: { min: 0, max: 1 } }, { loss: { max: 0.5 } }),
						offset: fc.nat(5),
						limit: fc.integer({ min: 1, max: 20 })
					},
					{ requiredKeys: [] }
				)
			)
		)
	}),
	fc.record({
		op: fc.constant('listModels'),
		args: fc.tuple(
			mutated(
				fc.record(
					{
						offset: fc.nat(5),
						limit: fc.integer({ min: 1, max: 20 }),
						order: fc.constantFrom('name-asc', 'name-desc', 'created-desc', 'updated-desc'),
						text: fc.string(),
						stage: fc.constantFrom(...MODEL_STAGES),
						framework: fc.constantFrom('custom', 'onnx')
					},
					{ requiredKeys: [] }
				)
			)
		)
	}),
	fc.record({
		op: fc.constant('listVersions'),
		args: fc.tuple(
			pick(NAMES),
			mutated(
				fc.record(
					{
						offset: fc.nat(5),
						limit: fc.integer({ min: 1, max: 20 }),
						order: fc.constantFrom('semver-desc', 'semver-asc', 'created-asc')
					},
					{ requiredKeys: [] }
				)
			)
		)
	}),
	fc.record({
		op: fc.constant('leaderboard'),
		args: fc.tuple(
			pick(['accuracy', 'loss', 'auc', ...STANDARD_METRICS]),
			mutated(
				fc.record(
					{
						model: fc.constantFrom(...NAMES),
						bestPerModel: fc.boolean(),
						limit: fc.integer({ min: 1, max: 10 })
					},
					{ requiredKeys: [] }
				)
			)
		)
	}),
	fc.record({ op: fc.constant('metricSeries'), args: fc.tuple(pick(NAMES)) }),
	fc.record({ op: fc.constant('getModel'), args: fc.tuple(pick(NAMES)) }),
	fc.record({ op: fc.constant('getVersion'), args: fc.tuple(pick(NAMES), pick(VERSIONS)) }),
	fc.record({ op: fc.constant('getLatest'), args: fc.tuple(pick(NAMES)) }),
	fc.record({ op: fc.constant('getProductionModel'), args: fc.tuple(pick(NAMES)) }),
	fc.record({
		op: fc.constant('history'),
		args: fc.tuple(pick(NAMES), fc.option(pick(VERSIONS), { nil: undefined }))
	}),
	fc.record({
		op: fc.constant('loadFile'),
		args: fc.tuple(pick(NAMES), pick(VERSIONS), pick([...PATHS, '../artifact', '/artifact']))
	}),
	fc.record({ op: fc.constant('deleteVersion'), args: fc.tuple(pick(NAMES), pick(VERSIONS)) }),
	fc.record({ op: fc.constant('deleteModel'), args: fc.tuple(pick(NAMES)) }),
	fc.record({
		op: fc.constant('snapshot'),
		args: fc.tuple(
			mutated(
				fc.record(
					{
						models: fc.subarray(NAMES),
						versions: fc.constantFrom([{ model: 'm', version: '1.0.0' }], [])
					},
					{ requiredKeys: [] }
				)
			)
		)
	}),
	// What the compare page does with the versions its address names.
	fc.record({
		op: fc.constant('compare'),
		args: fc.array(
			mutated(fc.record({ model: fc.constantFrom(...NAMES), version: fc.constantFrom(...VERSIONS) })),
			{
				maxLength: 4
			}
		)
	})
);
type Call = typeof call extends fc.Arbitrary<infer T> ? T : never;

async function invoke(registry: ModelRegistry, { op, args }: Call): Promise<unknown> {
	if (op === 'compare') {
		const refs = args as Array<{ model: unknown; version: unknown } | undefined>;
		const found = await Promise.all(
			refs.map((ref) => registry.getVersion(ref?.model as string, ref?.version as string))
		);
		return compareVersions(found.filter((v) => v !== undefined));
	}
	const operation = (registry as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[op]!;
	return operation.apply(registry, args);
}

async function seeded(makeStore: () => ModelStore): Promise<ModelRegistry> {
	const registry = new ModelRegistry(makeStore());
	await registry.register({
		name: 'm',
		version: '1.0.0',
		framework: 'sklearn',
		metrics: { accuracy: 0.8, custom: { loss: 0.3 } },
		parameters: { depth: 3 },
		tags: { team: 'a' },
		description: '# m',
		artifact: new Uint8Array([1, 2, 3])
	});
	await registry.register({
		name: 'm',
		version: '1.1.0',
		metrics: { accuracy: 0.9 },
		files: [
			{ path: 'model.pkl', content: new Uint8Array([1, 2, 3]) },
			{ path: 'model/model.pkl', content: new Uint8Array([4]) }
		]
	});
	await registry.transitionStage('m', '1.1.0', 'production');
	await registry.setAlias('m', 'champion', '1.1.0');
	await registry.register({ name: 'other', version: '0.1.0' });
	return registry;
}

type Observed = Awaited<ReturnType<typeof observe>>;

/**
 * One call: a result, or a RegistryError with a known code after which nothing has changed.
 * `before` is what the registry held before the call; returns what it holds after.
 */
async function expectSafe(
	registry: ModelRegistry,
	c: Call,
	before: Observed,
	tally: Tally
): Promise<Observed> {
	tally.add(`ModelRegistry.${c.op}`);
	let result: unknown;
	try {
		result = await invoke(registry, c);
	} catch (error) {
		if (!(error instanceof RegistryError)) throw error;
		expect(ERROR_CODES).toContain(error.code);
		expect(await observe(registry)).toEqual(before);
		tally.note(error.code);
		return before;
	}
	tally.note('a result');
	// Results cross the worker boundary: they must be data that structuredClone can carry.
	expect(() => structuredClone(result)).not.toThrow();
	expect((await registry.verify()).problems).toEqual([]);
	return observe(registry);
}

/**
 * A run makes one to six calls, about 3.4 on average whatever the seed; at 2.5 a run the minimum
 * holds for any seed, and the two stores' minimums keep the file above 10,000 inputs.
 */
const CALLS_PER_RUN_AT_LEAST = 2.5;

describe.each([
	['InMemoryModelStore', 2_000],
	['DexieModelStore', 120]
] as const)('the registry on %s, given hostile input', (storeName, numRuns) => {
	const makeStore = STORES.find(([name]) => name === storeName)![1];

	it('answers every call with a result or a RegistryError, and a failed call changes nothing', async () => {
		const tally = new Tally();
		await fc.assert(
			fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 6 }), async (calls) => {
				const registry = await seeded(makeStore);
				try {
					let state = await observe(registry);
					for (const c of calls) state = await expectSafe(registry, c, state, tally);
				} finally {
					await registry.close();
				}
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns * CALLS_PER_RUN_AT_LEAST);
	}, 240_000);
});

describe.each(STORES)('names every object inherits, on %s', (_name, makeStore) => {
	// Found by the property above: a plain lookup of "toString" finds Object.prototype's function,
	// which then failed to clone (DataCloneError), or Dexie refused as a key (DataError).
	it('are ordinary names for aliases, tags, metrics and parameters', async () => {
		const registry = new ModelRegistry(makeStore());
		await registry.register({
			name: 'm',
			version: '1.0.0',
			metrics: { custom: { valueOf: 0.5 } },
			tags: { toString: 'yes' },
			parameters: { hasOwnProperty: 1 }
		});
		await registry.register({ name: 'm', version: '2.0.0' });
		expect(await registry.getByAlias('m', 'toString')).toBeUndefined();
		expect(await registry.removeAlias('m', 'valueOf')).toBe(false);
		await registry.setAlias('m', 'valueOf', '2.0.0');
		expect((await registry.getByAlias('m', 'valueOf'))?.version).toBe('2.0.0');
		expect(await registry.leaderboard('toString')).toEqual([]);
		expect((await registry.leaderboard('valueOf')).map((e) => e.version)).toEqual(['1.0.0']);
		expect((await registry.search({ metrics: { toString: {} } })).total).toBe(0);
		const versions = (await registry.listVersions('m', { order: 'semver-asc' })).items;
		const rows = compareVersions(versions);
		expect(rows.find((r) => r.section === 'tags' && r.key === 'toString')?.values).toEqual([
			'yes',
			undefined
		]);
		expect(rows.find((r) => r.section === 'parameters' && r.key === 'hasOwnProperty')?.values).toEqual([
			'1',
			undefined
		]);
		expect(() => structuredClone(rows)).not.toThrow();
		await registry.close();
	});
});

// ---------------------------------------------------------------------------------------------
// The register form: what it accepts, the registry accepts

const formText = fc.oneof(nastyText, codeUnits, fc.string(), inheritedNames);
/** Mostly what a person would type in the field; now and then anything at all. */
const field = (valid: fc.Arbitrary<string>, hostile: fc.Arbitrary<string> = formText) =>
	fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });
const numberText = field(
	fc.double({ min: 0, max: 1, noNaN: true }).map(String),
	fc.oneof(formText, fc.constantFrom(' 1e-3 ', '-0', '0x10', '1,5', 'Infinity', 'NaN'))
);
const rowsOf = (keys: fc.Arbitrary<string>, values: fc.Arbitrary<string>) =>
	fc.array(fc.record({ key: field(keys), value: values }), { maxLength: 2 });

const formValues = fc
	.record({
		name: field(fc.constantFrom('m', 'new-model', ' m ', 'Model_2.x')),
		version: field(fc.tuple(fc.nat(9), fc.nat(9), fc.nat(9)).map((parts) => ` ${parts.join('.')}`)),
		framework: field(fc.constantFrom(...MODEL_FRAMEWORKS)),
		metrics: fc.record(
			Object.fromEntries(
				STANDARD_METRICS.map((metric) => [
					metric,
					fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: numberText })
				])
			) as Record<(typeof STANDARD_METRICS)[number], fc.Arbitrary<string>>
		),
		customMetrics: rowsOf(fc.constantFrom('auc', 'val_loss', 'toString', 'valueOf'), numberText),
		parameters: field(
			fc.oneof(
				fc.constant(''),
				fc
					.dictionary(fc.constantFrom('lr', 'layers', 'hasOwnProperty'), fc.jsonValue({ maxDepth: 2 }))
					.map((v) => JSON.stringify(v)),
				fc.constant('lr = 0.01\nlayers: [64, 32]')
			),
			fc.oneof(
				formText,
				fc.constantFrom('{"__proto__": {"x": 1}}', 'a = 1\n__proto__ = 3', 'a = 1\na = 2', '{', '[1]')
			)
		),
		tags: rowsOf(fc.constantFrom('team', 'owner', 'toString'), fc.string()),
		description: field(fc.string(), fc.oneof(formText, fc.constant('x'.repeat(65_537))))
	})
	// The framework is a <select>, but what arrives is whatever the page holds: any text.
	.map((values) => ({ ...emptyForm(), ...values }) as RegisterFormValues);

describe('the register form, given hostile input', () => {
	it('never throws, and what it accepts the registry registers', async () => {
		const tally = new Tally();
		const numRuns = 2_000;
		const registry = await seeded(STORES[0]![1]);
		await fc.assert(
			fc.asyncProperty(formValues, async (values) => {
				tally.add('parseRegisterForm');
				const { input, errors } = parseRegisterForm(values);
				if (!input) {
					expect(Object.keys(errors).length).toBeGreaterThan(0);
					tally.note('form refused, with a message per field');
					return;
				}
				try {
					await registry.register(input);
					tally.note('form accepted, registered');
				} catch (error) {
					// The only thing the form cannot know: whether the version exists already.
					expect(RegistryError.is(error, 'DUPLICATE_VERSION'), String(error)).toBe(true);
					tally.note('form accepted, version exists');
				}
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});
});

// ---------------------------------------------------------------------------------------------
// Addresses: the route parameters the pages read, and the hash the router decodes

const routeText = fc.oneof(
	hostileText,
	fc
		.array(fc.constantFrom('m', ':', '1.0.0', '/', '%', '%25', '%3A', '%E0', '%A4', '<', ' ', 'é'), {
			maxLength: 8
		})
		.map((parts) => parts.join(''))
);

describe('route parameters, given hostile input', () => {
	it('never throw, and a comparison address yields only valid, distinct versions', () => {
		const tally = new Tally();
		const numRuns = 1_500;
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom('name', 'version', 'model', 'refs'), routeText), (params) => {
				// One set of parameters, read by every page.
				tally.add('route params');
				modelRoute(params);
				versionRoute(params);
				registerRoute(params);
				const { refs, invalid } = compareRoute(params);
				for (const ref of refs) {
					expect(isModelName(ref.model)).toBe(true);
					expect(parseSemver(ref.version)).toBeDefined();
				}
				const keys = refs.map((r) => `${r.model}:${r.version}`);
				expect(new Set(keys).size).toBe(keys.length);
				// Every part of the address is a version compared or is named as ignored.
				const parts = (params.refs ?? '').split('/').filter(Boolean);
				expect(new Set([...keys, ...invalid])).toEqual(new Set(parts));
			}),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});

	it('repair any hash the router would choke on into one it reads as typed', () => {
		const tally = new Tally();
		const numRuns = 1_500;
		// location.hash is ASCII (the browser escapes the rest), so that is what "as typed" is about.
		const asciiHash = fc
			.array(
				fc.oneof(
					fc.constantFrom(
						'%',
						'%2',
						'%25',
						'%2525',
						'%E0',
						'%A4%A',
						'%3C',
						'%C3%A9',
						'%FF',
						'?',
						'#',
						'/',
						'm'
					),
					fc.string({ unit: 'binary-ascii', maxLength: 4 })
				),
				{ maxLength: 10 }
			)
			.map((parts) => `#/models/${parts.join('')}`);
		fc.assert(
			fc.property(
				fc.oneof(
					asciiHash,
					routeText.map((t) => `#${t}`)
				),
				(hash) => {
					tally.add('repairHash');
					const repaired = repairHash(hash);
					if (repaired === undefined) return;
					const segments = decodeLikeRouter(repaired);
					if (/^[\x20-\x7e]*$/.test(hash) && repaired !== '#/') {
						expect(segments.join('/')).toBe(hash.slice(1).replace(/[?#].+/, ''));
					}
				}
			),
			{ numRuns, seed: FUZZ_SEED }
		);
		tally.expectAtLeast(numRuns);
	});
});
