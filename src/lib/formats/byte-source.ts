import { FormatError } from './errors';

/**
 * Reading never holds more than this much of one file: a header or a message larger than this is refused
 * rather than loaded (DESIGN §8). A Worker's heap is shared with the registry, and a model can be 100 GB.
 */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

/**
 * What the readers need of a file: its size and byte ranges. A `Blob` (and so a `File`) is one; tests pass a
 * stand-in that claims 4 GiB and counts what is asked of it.
 */
export interface ByteSource {
	readonly size: number;
	slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** Bytes [start, end) of a file, refused past MAX_READ_BYTES or past the end (`what` names them in the error). */
export async function readRange(
	source: ByteSource,
	start: number,
	end: number,
	what: string
): Promise<Uint8Array> {
	if (end - start > MAX_READ_BYTES) {
		throw new FormatError(
			`${what} is ${formatBytes(end - start)}, more than the ${formatBytes(MAX_READ_BYTES)} read at most`
		);
	}
	if (start < 0 || end > source.size || start > end) {
		throw new FormatError(`the file ends before ${what} (bytes ${start}–${end} of ${source.size})`);
	}
	const bytes = new Uint8Array(await source.slice(start, end).arrayBuffer());
	// A Blob whose backing file changed or shrank under us gives fewer bytes than asked: say so rather than
	// parse a short buffer.
	if (bytes.length !== end - start) throw new FormatError(`the file changed while it was read (${what})`);
	return bytes;
}

/** A whole small text file (MLmodel, config.json), refused past `maxBytes`. */
export async function readSmallText(source: ByteSource, maxBytes: number, what: string): Promise<string> {
	if (source.size > maxBytes) {
		throw new FormatError(`${what} is ${formatBytes(source.size)}; at most ${formatBytes(maxBytes)} is read`);
	}
	const bytes = await readRange(source, 0, source.size, what);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new FormatError(`${what} is not UTF-8 text`);
	}
}

export function formatBytes(bytes: number): string {
	const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
