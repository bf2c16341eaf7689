/** Comma-separated values with quoting where a cell needs it (RFC 4180). */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
	const cell = (value: string | number | null | undefined) => {
		const text = value === null || value === undefined ? '' : String(value);
		return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
