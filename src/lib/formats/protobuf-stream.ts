import protobuf from 'protobufjs/minimal';
import { readRange, type ByteSource } from './byte-source';
import { FormatError } from './errors';

/**
 * Walks a protobuf message that lives in a file, field by field, without loading it: only field headers and
 * the fields a caller asks for are read; the rest (an ONNX model's weights) are skipped by offset. An ONNX file
 * may be 2 GB inside one message, and its graph inputs come after the initializers in the stream.
 *
 * Decoding uses protobufjs's minimal Reader by field number, not its reflection (`Root`/`Type.decode`), which
 * compiles decoders with `new Function` — refused by the app's Content-Security-Policy (no 'unsafe-eval').
 */
const { Reader } = protobuf;
export type ProtoReader = protobuf.Reader;

/** Field headers are read through a window this big: a graph's thousands of small nodes cost a few reads. */
const WINDOW_BYTES = 64 * 1024;
/** A tag (≤ 5 bytes) and a length varint (≤ 10 bytes). */
const FIELD_HEADER_MAX_BYTES = 15;

export const WireType = { VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, FIXED32: 5 } as const;

export type StreamField =
	| { field: number; wire: 0; value: bigint; offset: number }
	| { field: number; wire: 1 | 5; offset: number }
	| { field: number; wire: 2; start: number; end: number; offset: number };

/** A file read through a small cached window, for the many tiny reads of field headers. */
export class WindowedFile {
	#start = 0;
	#bytes: Uint8Array = new Uint8Array(0);
	constructor(readonly file: ByteSource) {}

	async read(offset: number, length: number, what: string): Promise<Uint8Array> {
		const end = offset + length;
		if (offset >= this.#start && end <= this.#start + this.#bytes.length) {
			return this.#bytes.subarray(offset - this.#start, end - this.#start);
		}
		if (length > WINDOW_BYTES) return readRange(this.file, offset, end, what);
		const windowEnd = Math.min(this.file.size, offset + WINDOW_BYTES);
		if (end > windowEnd) {
			throw new FormatError(`the file ends in the middle of ${what} (byte ${offset} of ${this.file.size})`);
		}
		this.#bytes = await readRange(this.file, offset, windowEnd, what);
		this.#start = offset;
		return this.#bytes.subarray(0, length);
	}
}

/**
 * Calls `visit` for each field of the message at bytes [start, end) of the file, in stream order.
 * `what` names the message in errors ("the model", "the graph").
 */
export async function walkMessage(
	file: WindowedFile,
	start: number,
	end: number,
	what: string,
	visit: (field: StreamField) => Promise<void> | void
): Promise<void> {
	let pos = start;
	while (pos < end) {
		const head = await file.read(pos, Math.min(FIELD_HEADER_MAX_BYTES, end - pos), `a field of ${what}`);
		const reader = Reader.create(head);
		let tag: number;
		let value: bigint | undefined;
		try {
			tag = reader.uint32();
			if ((tag & 7) === WireType.VARINT || (tag & 7) === WireType.LENGTH_DELIMITED) {
				value = BigInt(reader.uint64().toString());
			}
		} catch (error) {
			// The Reader throws RangeError when a varint runs past the bytes it was given; anything else is a bug.
			if (!(error instanceof RangeError)) throw error;
			throw new FormatError(`${what} is malformed: a field at byte ${pos} runs past the end of the message`);
		}
		const field = tag >>> 3;
		const wire = tag & 7;
		const offset = pos;
		if (field === 0) throw new FormatError(`${what} is malformed: field number 0 at byte ${pos}`);
		const bodyStart = pos + reader.pos;
		if (wire === WireType.VARINT) {
			pos = bodyStart;
			await visit({ field, wire, value: value as bigint, offset });
		} else if (wire === WireType.FIXED64 || wire === WireType.FIXED32) {
			pos = bodyStart + (wire === WireType.FIXED64 ? 8 : 4);
			if (pos > end)
				throw new FormatError(`${what} is malformed: field ${field} at byte ${offset} runs past its end`);
			await visit({ field, wire, offset });
		} else if (wire === WireType.LENGTH_DELIMITED) {
			const length = value as bigint;
			if (BigInt(bodyStart) + length > BigInt(end)) {
				throw new FormatError(
					`${what} is malformed: field ${field} at byte ${offset} claims ${length} bytes, past the end of ` +
						(end === file.file.size ? 'the file' : 'its message')
				);
			}
			pos = bodyStart + Number(length);
			await visit({ field, wire, start: bodyStart, end: pos, offset });
		} else {
			// 3 and 4 are protobuf groups, which ONNX never uses; 6 and 7 do not exist.
			throw new FormatError(`${what} is malformed: wire type ${wire} at byte ${offset}`);
		}
	}
}

/**
 * Decodes a small message already in memory: `visit` reads the fields it knows from the Reader and returns
 * true; the rest are skipped. protobufjs's own errors (truncation, bad wire types) become a FormatError.
 */
export function decodeFields(
	bytes: Uint8Array,
	what: string,
	visit: (field: number, wire: number, reader: ProtoReader) => boolean
): void {
	const reader = Reader.create(bytes);
	try {
		while (reader.pos < reader.len) {
			const tag = reader.uint32();
			const field = tag >>> 3;
			const wire = tag & 7;
			if (field === 0) throw new Error('field number 0');
			if (!visit(field, wire, reader)) reader.skipType(wire);
		}
	} catch (error) {
		if (error instanceof FormatError) throw error;
		// protobufjs says "index out of range: 2 + 5 > 3" for a length past the end of the bytes.
		if (error instanceof RangeError) throw new FormatError(`${what} is malformed: a field runs past its end`);
		throw new FormatError(`${what} is malformed (${(error as Error).message})`);
	}
}

/** A 64-bit varint as a BigInt: protobufjs gives a Long (or a number when long.js is absent). */
export function int64(reader: ProtoReader): bigint {
	return BigInt.asIntN(64, BigInt(reader.uint64().toString()));
}

/** A string field, refused when it is absurdly long for a name. */
export function shortString(reader: ProtoReader, maxLength = 4096): string {
	const text = reader.string();
	return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
