export { formatBytes } from '../registry/units';

export function formatDate(iso: string): string {
	return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(value: number | undefined): string {
	if (value === undefined) return '—';
	return Math.abs(value) >= 1e6 || (value !== 0 && Math.abs(value) < 1e-4)
		? value.toExponential(3)
		: String(Number(value.toPrecision(6)));
}
