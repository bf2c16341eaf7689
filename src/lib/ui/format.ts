export { formatBytes } from '../registry/units';

// One formatter for every date: `Date.toLocaleString` with options builds a new one on each call, which
// cost a model page of 150 versions a tenth of a second on a phone.
const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string): string {
	return DATE_FORMAT.format(new Date(iso));
}

export function formatNumber(value: number | undefined): string {
	if (value === undefined) return '—';
	return Math.abs(value) >= 1e6 || (value !== 0 && Math.abs(value) < 1e-4)
		? value.toExponential(3)
		: String(Number(value.toPrecision(6)));
}

/**
 * Twelve significant digits: enough for any figure a person typed, few enough that binary floating-point
 * noise (0.1 + 0.2 = 0.30000000000000004) is not shown.
 */
const DISPLAY_DIGITS = 12;

/** A number as a person would have written it; the exact value is for a title or a copy. */
export function displayNumber(value: number): string {
	return Number.isFinite(value) ? String(Number(value.toPrecision(DISPLAY_DIGITS))) : String(value);
}

/** A parameter's value as written: text as it is, anything else as JSON with its numbers shown as above. */
export function formatParameter(value: unknown): string {
	if (typeof value === 'string') return value;
	return JSON.stringify(value, (_key, inner: unknown) =>
		typeof inner === 'number' && Number.isFinite(inner) ? Number(inner.toPrecision(DISPLAY_DIGITS)) : inner
	);
}

/** The exact JSON of a parameter, when its display rounds something away; undefined when nothing is lost. */
export function exactParameter(value: unknown): string | undefined {
	if (typeof value === 'string') return undefined;
	const exact = JSON.stringify(value);
	return exact === formatParameter(value) ? undefined : exact;
}
