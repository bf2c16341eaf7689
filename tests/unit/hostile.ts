/**
 * Hostile values for property tests: what a person, a bundle or an address can hand the app, and
 * worse — wrong types, huge and strange text, prototype keys, NaN and ±Infinity, deep nesting.
 * Everything here survives structuredClone, as everything that reaches the registry has crossed
 * the worker boundary.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { setOwn } from '$lib/state/register-input';

/** Any UTF-16 code units, lone surrogates and control characters included. */
export const codeUnits = fc.string({
	unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
	maxLength: 24
});

/** Text that has broken programs before, and text at our own limits. */
export const nastyText = fc.constantFrom(
	'',
	' ',
	'\t\r\n',
	'\u0000',
	'\u0007\u001b[31m',
	'\uD800',
	'\uDFFF',
	'a\uD800b',
	'\u202Eevil',
	'\uFEFF',
	'Ω≈ç√∫',
	'𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
	'👩‍👩‍👧‍👦',
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'latest',
	'NaN',
	'Infinity',
	'undefined',
	'null',
	'1.0',
	'v1.0.0',
	'01.0.0',
	'1.0.0-',
	'1.0.0+',
	'1.0.0-α',
	'1.0.0-0.3.7+build.5',
	'99999999999999999999.0.0',
	'../../etc/passwd',
	'C:\\Windows',
	'%E0%A4%A',
	'%',
	'<img src=x onerror=alert(1)>',
	'<script>alert(1)</script>',
	'javascript:alert(1)',
	"' OR 1=1 --",
	'*',
	'a:b',
	'a/b',
	'x'.repeat(128),
	'x'.repeat(129),
	'é'.repeat(128),
	'𝔘'.repeat(129)
);

/** Names an object inherits — `toString`, `valueOf`, `hasOwnProperty`… — which a plain lookup finds. */
export const inheritedNames = fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype));

/** Past every size limit: 64 KiB descriptions, 4,096-character tag values, and far beyond. */
const hugeText = fc.constantFrom(
	'x'.repeat(4_097),
	'x'.repeat(65_537),
	'€'.repeat(21_846),
	'\uD800'.repeat(40_000),
	'a'.repeat(1_000_000)
);

export const hostileText = fc.oneof(
	{ weight: 4, arbitrary: nastyText },
	{ weight: 2, arbitrary: inheritedNames },
	{ weight: 4, arbitrary: codeUnits },
	{ weight: 2, arbitrary: fc.string() },
	{ weight: 1, arbitrary: hugeText }
);

export const hostileNumber = fc.oneof(
	fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, 5e-324, 2 ** 53 + 2, -1, 0.5, 1_001, 1e21),
	fc.double(),
	fc.integer()
);

/** Arrays or objects nested one of `depths` levels deep. */
export const nestedTo = (depths: number[]) =>
	fc.tuple(fc.constantFrom(...depths), fc.boolean()).map(([depth, arrays]) => {
		let value: unknown = 'bottom';
		for (let i = 0; i < depth; i++) value = arrays ? [value] : { k: value };
		return value;
	});

/** Beyond the 64 levels parameters may have, and far beyond. */
const deeplyNested = nestedTo([10, 65, 200, 5_000, 50_000]);

/** Objects whose own keys reach for a prototype, as JSON.parse makes them. */
export const prototypeKeyed = fc
	.constantFrom(
		'{"__proto__": {"polluted": true}}',
		'{"constructor": {"prototype": {"polluted": true}}}',
		'{"prototype": 1}',
		'{"__proto__": "x", "a": "b"}',
		'{"accuracy": 0.5, "__proto__": {"custom": {"x": 1}}}'
	)
	.map((json) => JSON.parse(json) as unknown);

/** Values of every type structuredClone carries, made fresh each time. */
const exotic = fc
	.constantFrom<() => unknown>(
		() => undefined,
		() => null,
		() => true,
		() => 0n,
		() => 10n ** 30n,
		() => new Date(NaN),
		() => new Date(0),
		() => new Map([['a', 1]]),
		() => new Set(['a']),
		() => /x/g,
		() => new Uint8Array([1, 2, 3]),
		() => new ArrayBuffer(4),
		() => new Blob(['blob']),
		() => new Error('an error object'),
		() => [],
		() => {
			const sparse: unknown[] = [];
			sparse[5] = 1;
			return sparse;
		},
		() => ({}),
		() => Object.create(null),
		() => new String('boxed')
	)
	.map((make) => make());

/** A key for a record: ordinary, hostile, or one of the keys that reach a prototype. */
const hostileKey = fc.oneof(
	fc.constantFrom('__proto__', 'constructor', 'prototype', 'custom', 'accuracy', 'a', 'team', ''),
	hostileText
);

/** Any hostile value: scalars, records and lists of them, nested a little. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', maxDepth: 3 },
		hostileText,
		hostileNumber,
		exotic,
		deeplyNested,
		prototypeKeyed,
		fc.array(tie('value'), { maxLength: 4 }),
		fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 })
	)
})).value;

/** One change to a value: replace, delete or add what is at a path (indices into each level's keys). */
export const mutation = fc.record({
	path: fc.array(fc.nat(), { maxLength: 5 }),
	op: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
	key: hostileKey,
	value: hostileValue
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

const isContainer = (value: unknown): value is Record<string, unknown> =>
	Array.isArray(value) ||
	(typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype);

/** A copy of `value` with the mutation applied; the original is not touched. */
export function mutate(value: unknown, m: Mutation): unknown {
	if (!isContainer(value)) return m.value;
	const keys = Object.keys(value);
	const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
	if (m.path.length === 0 || keys.length === 0) {
		if (m.op === 'replace') return m.value;
		if (m.op === 'delete' && keys.length) delete copy[keys[0]!];
		if (m.op === 'add') setOwn(copy, m.key, m.value);
		return copy;
	}
	const key = keys[m.path[0]! % keys.length]!;
	setOwn(copy, key, mutate(value[key], { ...m, path: m.path.slice(1) }));
	return copy;
}

/** A valid value, changed by one to three mutations — or, now and then, something else entirely. */
export function mutated<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
	return fc.oneof(
		{ weight: 2, arbitrary: valid },
		{
			weight: 6,
			arbitrary: fc
				.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
				.map(([value, mutations]) => mutations.reduce<unknown>((v, m) => mutate(v, m), value))
		},
		{ weight: 1, arbitrary: hostileValue }
	);
}

/**
 * Counts the inputs one test tried, so the figures in docs/reliability.md are asserted, not hoped
 * for. Each test keeps its own tally and checks it itself, so a test run alone checks its share.
 */
export class Tally {
	private readonly counts = new Map<string, number>();
	private readonly outcomes = new Map<string, number>();

	/** One more input thrown at an entry point. */
	add(entryPoint: string): void {
		this.counts.set(entryPoint, (this.counts.get(entryPoint) ?? 0) + 1);
	}

	/** How an input ended (a result, an error code): shown in the summary, not counted as an input. */
	note(outcome: string): void {
		this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
	}

	get total(): number {
		return [...this.counts.values()].reduce((a, b) => a + b, 0);
	}

	/** Prints where the inputs went (a run shows it), and fails if fewer than `minimum` were tried. */
	expectAtLeast(minimum: number): void {
		console.info(`${this.total} hostile inputs: ${this.summary}`);
		expect(this.total).toBeGreaterThanOrEqual(minimum);
	}

	/** Entry point: count, then outcome: count, one per line. */
	get summary(): string {
		const lines = (map: Map<string, number>) =>
			[...map].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => `\n  ${key}: ${count}`);
		return [...lines(this.counts), '\n outcomes:', ...lines(this.outcomes)].join('');
	}
}
