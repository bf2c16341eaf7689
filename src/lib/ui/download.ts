/** Saves a Blob as a file through the browser's download, from file:// and http alike. */
export function downloadBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const link = Object.assign(document.createElement('a'), { href: url, download: filename });
	link.click();
	// The download holds its own reference to the bytes once it has started.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Comma-separated values with quoting where a cell needs it (RFC 4180). */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
	const cell = (value: string | number | null | undefined) => {
		const text = value === null || value === undefined ? '' : String(value);
		return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
