import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ByteSource } from '../../../src/lib/formats';

const MODELS = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));

/** A committed fixture model file as the Blob a File picker would give. */
export async function fixture(path: string): Promise<Blob> {
	return new Blob([await readFile(MODELS + path)]);
}

export async function fixtureText(path: string): Promise<string> {
	return readFile(MODELS + path, 'utf8');
}

export function blobOf(...parts: (Uint8Array | string)[]): Blob {
	return new Blob(parts as BlobPart[]);
}

/**
 * A file that claims `size` bytes without holding them: `parts` are real bytes at their offsets, the rest
 * reads as zeros. It counts what readers ask for, to prove they read a huge file by small ranges only.
 */
export class SparseFile implements ByteSource {
	bytesRequested = 0;
	largestRequest = 0;
	requests = 0;
	constructor(
		readonly size: number,
		private readonly parts: { offset: number; bytes: Uint8Array }[]
	) {}

	slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> } {
		const from = Math.max(0, Math.min(start, this.size));
		const to = Math.max(from, Math.min(end, this.size));
		this.requests += 1;
		this.bytesRequested += to - from;
		this.largestRequest = Math.max(this.largestRequest, to - from);
		// A reader that asks for a whole 4 GiB file fails here, as a real browser would run out of memory.
		if (to - from > 256 * 1024 * 1024) throw new Error(`asked for ${to - from} bytes at once`);
		const out = new Uint8Array(to - from);
		for (const { offset, bytes } of this.parts) {
			const a = Math.max(from, offset);
			const b = Math.min(to, offset + bytes.length);
			if (a < b) out.set(bytes.subarray(a - offset, b - offset), a - from);
		}
		return { arrayBuffer: async () => out.buffer };
	}
}

export const GiB = 1024 * 1024 * 1024;

/** An 8-byte little-endian length followed by a JSON header: the start of a safetensors file. */
export function safetensorsHeader(header: unknown, claimedLength?: bigint): Uint8Array {
	const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
	const out = new Uint8Array(8 + json.length);
	new DataView(out.buffer).setBigUint64(0, claimedLength ?? BigInt(json.length), true);
	out.set(json, 8);
	return out;
}
