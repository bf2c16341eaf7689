/**
 * The tokens behind the search's free-text criterion: a version is found by a case-insensitive
 * substring of its version, description, or a tag key or value (its model's name is matched against
 * the models, not per version). Each of those fields, lower-cased whole as `versionMatches` lower-cases
 * it, gives every trigram (three UTF-16 code units, as `String.includes` compares) plus its last two
 * and last one code units. So:
 * - a needle of one to three code units occurs in a field exactly when some token of that field
 *   starts with it (a prefix range of the token index; no row need be read to be sure);
 * - a longer needle occurs only in a row holding each of its trigrams: the rows holding all of them
 *   are candidates, and the substring is checked on each.
 *
 * A field gives tokens from its first `INDEXED_FIELD_CHARS` code units only: a description may be
 * 64 KiB, whose every trigram would be an index entry written again with each change to its version.
 * A version with a longer field also has the token `LONG_TEXT`, and its text is checked on its row
 * whatever the needle: its tokens say where a needle is, not where it is not.
 */
import type { ModelVersion } from './types';

/** Needles up to this many code units are answered by the tokens alone. */
export const GRAM_CHARS = 3;

/** Each field's tokens come from this many code units at its start. */
export const INDEXED_FIELD_CHARS = 256;

/** The token of a version with a field longer than its tokens cover: a number, which no string prefix range holds. */
export const LONG_TEXT = 0;

export type TextToken = string | typeof LONG_TEXT;

/** The lower-cased fields a version's text is matched in, but for its model's name. */
export function versionTextFields(version: ModelVersion): string[] {
	const fields = [version.version, version.description];
	for (const [key, value] of Object.entries(version.tags)) fields.push(key, value);
	return fields.map((field) => field.toLowerCase());
}

/** Every distinct token of a version's text fields, sorted (the multi-entry index's entries). */
export function textGrams(version: ModelVersion): TextToken[] {
	const grams = new Set<string>();
	let long = false;
	for (const whole of versionTextFields(version)) {
		const field = whole.length > INDEXED_FIELD_CHARS ? whole.slice(0, INDEXED_FIELD_CHARS) : whole;
		long ||= field !== whole;
		for (let i = 0; i + GRAM_CHARS <= field.length; i++) grams.add(field.slice(i, i + GRAM_CHARS));
		// The tail a trigram cannot start at, so that a short needle ending the field is a token's prefix.
		for (let n = 1; n < GRAM_CHARS && n <= field.length; n++) grams.add(field.slice(field.length - n));
	}
	const tokens = [...grams].sort();
	return long ? [LONG_TEXT, ...tokens] : tokens;
}

/**
 * How a (lower-cased, trimmed, non-empty) needle is looked up: a short one as the prefix every token
 * holding it starts with, a longer one as the distinct trigrams each holding row has.
 */
export function needleGrams(needle: string): { prefix: string } | { grams: string[] } {
	if (needle.length <= GRAM_CHARS) return { prefix: needle };
	const grams = new Set<string>();
	for (let i = 0; i + GRAM_CHARS <= needle.length; i++) grams.add(needle.slice(i, i + GRAM_CHARS));
	return { grams: [...grams] };
}
