/**
 * Bytes in chunks → text lines, one at a time, each decoded as UTF-8 and capped in length. Written
 * here rather than taken from a library: the stream APIs decode text but do not split it, and this
 * splitter needs to count lines and bytes for its errors.
 *
 * It splits on the byte 0x0A ("\n"), which UTF-8 never uses inside a multi-byte character, and only
 * then decodes each line: so a line's size is known in bytes before it is decoded, a line over the
 * cap is refused without holding more than the cap, and bad UTF-8 is reported with its line number.
 */
import { bundleInvalid, inWords } from './errors';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export type LineListener = (text: string, lineNumber: number) => void;

export class LineSplitter {
	/** The start of the line not yet ended, in pieces as the chunks brought it. */
	private pending: Uint8Array[] = [];
	private pendingBytes = 0;
	private lineNumber = 0;
	// ignoreBOM: a byte-order mark is dropped by hand, and only at the start of line 1 (see `emit`).
	private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

	constructor(
		/** The entry's name, for the errors. */
		private readonly name: string,
		private readonly maxLineBytes: number,
		private readonly onLine: LineListener
	) {}

	/** How many lines have been handed on (and so the number of the last one). */
	get lines(): number {
		return this.lineNumber;
	}

	push(chunk: Uint8Array): void {
		let start = 0;
		for (;;) {
			const end = chunk.indexOf(NEWLINE, start);
			if (end === -1) break;
			this.count(end - start);
			// A line wholly inside this chunk is decoded where it is; the start of one is joined to its end.
			const piece = chunk.subarray(start, end);
			this.emit(this.pending.length === 0 ? piece : join([...this.pending, piece], this.pendingBytes));
			start = end + 1;
		}
		if (start < chunk.length) {
			this.count(chunk.length - start);
			// A copy: zip.js may reuse the chunk's buffer once this call returns.
			this.pending.push(chunk.slice(start));
		}
	}

	/** The data is over: a last line without a newline is a line; a final newline ends none. */
	end(): void {
		if (this.pendingBytes > 0) this.emit(join(this.pending, this.pendingBytes));
	}

	/** Counts `bytes` more of the current line, refusing it as soon as it passes the cap. */
	private count(bytes: number): void {
		this.pendingBytes += bytes;
		if (this.pendingBytes > this.maxLineBytes) {
			const line = this.lineNumber + 1;
			throw bundleInvalid(
				`${this.name} line ${line} is longer than ${inWords(this.maxLineBytes)}, the most one line may be.`,
				{ line, rule: 'max-line-bytes' }
			);
		}
	}

	private emit(line: Uint8Array): void {
		this.lineNumber++;
		this.pending = [];
		this.pendingBytes = 0;
		// "\r\n" ends a line as "\n" does.
		const bytes = line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, -1) : line;
		let text: string;
		try {
			text = this.decoder.decode(bytes);
		} catch {
			throw bundleInvalid(`${this.name} line ${this.lineNumber} is not valid UTF-8 text.`, {
				line: this.lineNumber,
				rule: 'utf-8'
			});
		}
		if (this.lineNumber === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
		this.onLine(text, this.lineNumber);
	}
}

function join(pieces: Uint8Array[], total: number): Uint8Array {
	const bytes = new Uint8Array(total);
	let offset = 0;
	for (const piece of pieces) {
		bytes.set(piece, offset);
		offset += piece.byteLength;
	}
	return bytes;
}
