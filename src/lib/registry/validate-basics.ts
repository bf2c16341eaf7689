/**
 * The primitives every validator is built from: records, keys, numbers and sizes. Each check
 * throws an INVALID_INPUT RegistryError naming the field and the rule.
 */
import { invalidInput } from './errors';

/** Keys that would reach an object's prototype when used as a property name. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const MAX_TAG_KEY_CHARS = 128;
export const MAX_TAG_VALUE_CHARS = 4096;
export const MAX_METRIC_KEY_CHARS = 128;
export const MAX_PARAMETERS_BYTES = 64 * 1024;
export const MAX_DESCRIPTION_BYTES = 64 * 1024;
export const MAX_PAGE_LIMIT = 1000;
export const DEFAULT_PAGE_LIMIT = 50;

const utf8 = new TextEncoder();
export const utf8Bytes = (text: string) => utf8.encode(text).byteLength;
export const charCount = (text: string) => [...text].length;

export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'number') return String(value);
	return `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

export function checkKey(field: string, key: string, maxChars: number): void {
	if (typeof key !== 'string') throw invalidInput(field, 'string', 'must be text.');
	if (FORBIDDEN_KEYS.has(key)) {
		throw invalidInput(field, 'forbidden-key', `"${key}" is not allowed as a key.`);
	}
	if (key.trim() === '') throw invalidInput(field, 'required', 'a key must not be empty.');
	if (charCount(key) > maxChars) {
		throw invalidInput(field, 'max-length', `keys are at most ${maxChars} characters.`);
	}
}

export function checkRecord(field: string, value: unknown): Record<string, unknown> {
	if (!isPlainObject(value)) {
		throw invalidInput(field, 'object', `must be an object of key/value pairs, not ${describeValue(value)}.`);
	}
	return value;
}

export function checkFiniteNumber(field: string, value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw invalidInput(field, 'finite-number', `must be a finite number, not ${describeValue(value)}.`);
	}
	// JSON has no -0: keep it 0, so a value survives a bundle exactly.
	return value === 0 ? 0 : value;
}
