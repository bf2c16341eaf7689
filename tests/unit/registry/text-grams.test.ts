import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INDEXED_FIELD_CHARS, LONG_TEXT, needleGrams, textGrams, type TextToken } from '$lib';
import { versionTextFields } from '$lib/registry/text-grams';
import { aVersion } from '../builders';
import { FUZZ_SEED } from '../seed';

/** Whether the tokens alone say a needle is in the version's text, the way the index answers. */
function tokensHold(grams: TextToken[], needle: string): boolean {
	const lookup = needleGrams(needle);
	if ('prefix' in lookup)
		return grams.some((gram) => typeof gram === 'string' && gram.startsWith(lookup.prefix));
	return lookup.grams.every((gram) => grams.includes(gram));
}

describe('text tokens', () => {
	it('are the trigrams and the last one and two code units of each lower-cased field', () => {
		const version = aVersion({ version: '1.10.0', description: 'Ab', tags: { Team: 'x' } });
		expect(textGrams(version)).toEqual([
			'.0',
			'.10',
			'0',
			'0.0',
			'1.1',
			'10.',
			'ab',
			'am',
			'b',
			'eam',
			'm',
			'tea',
			'x'
		]);
	});

	it('cover the start of a long field, and mark the version to be checked on its row', () => {
		const description = 'x'.repeat(INDEXED_FIELD_CHARS - 1) + 'yz';
		const grams = textGrams(aVersion({ version: '1.0.0', description }));
		expect(grams[0]).toBe(LONG_TEXT);
		expect(grams).toContain('xxy');
		expect(grams).not.toContain('xyz');
		expect(textGrams(aVersion({ version: '1.0.0', description: description.slice(1) }))).not.toContain(
			LONG_TEXT
		);
	});

	// A needle of up to three code units is found by the tokens exactly, unless a field is longer than
	// they cover; a longer needle, or one in such a field, is never missed (its row is checked).
	it('find every needle the text holds, and exactly those of three code units or fewer', () => {
		const text = fc.string({ unit: fc.constantFrom('a', 'B', 'c', '-', 'İ', 'Σ', '😀'), maxLength: 12 });
		// Ending just past the part the tokens cover, or just within it.
		const long = fc
			.tuple(fc.integer({ min: -4, max: 4 }), text)
			.map(([k, t]) => 'a'.repeat(INDEXED_FIELD_CHARS - k) + t);
		fc.assert(
			fc.property(
				text,
				fc.oneof(text, long),
				fc.dictionary(text, text, { maxKeys: 2 }),
				text,
				(version, description, tags, typed) => {
					const row = aVersion({ version, description, tags });
					const needle = typed.toLowerCase();
					fc.pre(needle.length > 0);
					const holds = versionTextFields(row).some((field) => field.includes(needle));
					const grams = textGrams(row);
					const checked = grams.includes(LONG_TEXT);
					const found = tokensHold(grams, needle);
					if (holds) expect(found || checked).toBe(true);
					if (needle.length <= 3 && found) expect(holds).toBe(true);
					if (needle.length <= 3 && !checked) expect(found).toBe(holds);
				}
			),
			{ seed: FUZZ_SEED, numRuns: 2_000 }
		);
	});
});
