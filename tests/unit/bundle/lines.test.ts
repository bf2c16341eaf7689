/** The line splitter under manifest.jsonl: lines out of chunks, whatever the chunks' edges. */
import { describe, expect, it } from 'vitest';
import { RegistryError } from '$lib';
import { LineSplitter } from '$lib/bundle/lines';

const MIB = 1024 * 1024;
const encode = (text: string) => new TextEncoder().encode(text);

/** The lines of `chunks`, as [line number, text]. */
function split(chunks: Uint8Array[], maxLineBytes = MIB): Array<[number, string]> {
	const lines: Array<[number, string]> = [];
	const splitter = new LineSplitter('manifest.jsonl', maxLineBytes, (text, n) => lines.push([n, text]));
	for (const chunk of chunks) splitter.push(chunk);
	splitter.end();
	return lines;
}

/** Every byte its own chunk: each line, and each character, split at every possible place. */
const byteByByte = (bytes: Uint8Array) => [...bytes].map((b) => new Uint8Array([b]));

function refusal(run: () => unknown): RegistryError {
	try {
		run();
	} catch (error) {
		if (RegistryError.is(error, 'BUNDLE_INVALID')) return error;
		throw error;
	}
	throw new Error('expected the input to be refused');
}

describe('LineSplitter', () => {
	it('gives the same lines whether the bytes come whole or one at a time', () => {
		const bytes = encode('{"a":"é€😀"}\n{"b":2}\n\n{"c":3}');
		const expected: Array<[number, string]> = [
			[1, '{"a":"é€😀"}'],
			[2, '{"b":2}'],
			[3, ''],
			[4, '{"c":3}']
		];
		expect(split([bytes])).toEqual(expected);
		expect(split(byteByByte(bytes))).toEqual(expected);
	});

	it('ends a line at "\\n" or "\\r\\n"; a final newline ends the last line and starts none', () => {
		expect(split([encode('one\r\ntwo\nthree\r\n')])).toEqual([
			[1, 'one'],
			[2, 'two'],
			[3, 'three']
		]);
		expect(split([encode('')])).toEqual([]);
	});

	it('drops a byte-order mark at the start of line 1 only', () => {
		expect(split(byteByByte(encode('\uFEFF{}\n\uFEFF{}\n')))).toEqual([
			[1, '{}'],
			[2, '\uFEFF{}']
		]);
	});

	it('refuses bad UTF-8, naming the line', () => {
		const bytes = new Uint8Array([...encode('{}\n{"a":"'), 0xc3, 0x28, ...encode('"}\n')]);
		expect(refusal(() => split([bytes])).message).toBe('manifest.jsonl line 2 is not valid UTF-8 text.');
		// A character cut by the end of the data is bad UTF-8 too.
		expect(refusal(() => split([new Uint8Array([0x7b, 0xe2, 0x82])])).message).toBe(
			'manifest.jsonl line 1 is not valid UTF-8 text.'
		);
	});

	it('refuses a line over the cap as soon as it passes it, across chunks', () => {
		const seen: number[] = [];
		const splitter = new LineSplitter('manifest.jsonl', 10, (_, n) => seen.push(n));
		splitter.push(encode('0123456789\n01234'));
		const error = refusal(() => splitter.push(encode('567890')));
		expect(error.message).toBe('manifest.jsonl line 2 is longer than 10 bytes, the most one line may be.');
		expect(error.details).toMatchObject({ line: 2, rule: 'max-line-bytes' });
		expect(seen).toEqual([1]);
		// The newline is not counted: ten bytes and "\n" are a line of ten.
		expect(split([encode('0123456789\n')], 10)).toEqual([[1, '0123456789']]);
	});

	it('splits 257 MiB of small lines fed in 1 MiB chunks: no cap on the whole, only on each line', () => {
		// A line of 999 characters and its newline, over and over; 1 MiB is no multiple of 1,000, so
		// lines cross the chunks' edges at every phase.
		const LINE = 1000;
		const pattern = encode(`${'x'.repeat(LINE - 1)}\n`);
		const source = new Uint8Array(MIB + LINE);
		for (let i = 0; i < source.length; i++) source[i] = pattern[i % LINE]!;
		let lines = 0;
		let wrong = 0;
		const splitter = new LineSplitter('manifest.jsonl', 64 * MIB, (text) => {
			lines++;
			if (text.length !== LINE - 1) wrong++;
		});
		const chunks = 257;
		for (let k = 0; k < chunks; k++) {
			const phase = (k * MIB) % LINE;
			splitter.push(source.subarray(phase, phase + MIB));
		}
		splitter.end();
		const total = chunks * MIB;
		expect(lines).toBe(Math.ceil(total / LINE));
		// Only the last line, cut where the data stops, is shorter.
		expect(wrong).toBe(total % LINE === 0 ? 0 : 1);
	});
});
