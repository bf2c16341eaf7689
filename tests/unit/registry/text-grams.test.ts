import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { needleGrams, textGrams } from '$lib';
import { versionTextFields } from '$lib/registry/text-grams';
import { aVersion } from '../builders';
import { FUZZ_SEED } from '../seed';

/** Whether the tokens alone say a needle is in the version's text, the way the index answers. */
function tokensHold(grams: string[], needle: string): boolean {
	const lookup = needleGrams(needle);
	if ('prefix' in lookup) return grams.some((gram) => gram.startsWith(lookup.prefix));
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

	// A needle of up to three code units is found by the tokens exactly; a longer one is never missed.
	it('find every needle the text holds, and exactly those of three code units or fewer', () => {
		const text = fc.string({ unit: fc.constantFrom('a', 'B', 'c', '-', 'İ', 'Σ', '😀'), maxLength: 12 });
		fc.assert(
			fc.property(
				text,
				text,
				fc.dictionary(text, text, { maxKeys: 2 }),
				text,
				(version, description, tags, typed) => {
					const row = aVersion({ version, description, tags });
					const needle = typed.toLowerCase();
					fc.pre(needle.length > 0);
					const holds = versionTextFields(row).some((field) => field.includes(needle));
					const found = tokensHold(textGrams(row), needle);
					if (holds) expect(found).toBe(true);
					if (needle.length <= 3) expect(found).toBe(holds);
				}
			),
			{ seed: FUZZ_SEED, numRuns: 2_000 }
		);
	});
});
