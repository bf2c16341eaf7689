import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError, readGguf, readMlmodel, readOnnx, readSafetensors } from '../../../src/lib/formats';
import { blobOf, fixture } from './sources';

type Reader = (file: Blob) => Promise<unknown>;

/** A reader given any bytes either reads them or says why not: never another error, never a hang. */
async function readsOrRefuses(read: Reader, bytes: Uint8Array): Promise<void> {
	try {
		await read(blobOf(bytes));
	} catch (error) {
		expect(error).toBeInstanceOf(FormatError);
		expect((error as Error).message).toMatch(/^could not read: ./);
	}
}

/**
 * [fixture, reader, step between the prefixes tried, bytes worth cutting or flipping]. GGUF's tensor data
 * starts at byte ~1,500: past it a cut or a flip changes weights the reader never reads.
 */
const CASES: [string, Reader, number, number][] = [
	['onnx/model.onnx', readOnnx, 1, Infinity],
	['onnx-external/model.onnx', readOnnx, 1, Infinity],
	['safetensors-single/model.safetensors', readSafetensors, 3, Infinity],
	['gguf/tiny-llama.gguf', readGguf, 17, 2048],
	['mlflow-sklearn/MLmodel', readMlmodel, 11, Infinity]
];

describe('every reader, given a cut or corrupted real file', () => {
	for (const [path, read, step, span] of CASES) {
		it(`${path}: each prefix is read or refused with a reason`, async () => {
			const bytes = new Uint8Array(await (await fixture(path)).arrayBuffer());
			for (let length = 0; length < Math.min(bytes.length, span); length += step) {
				await readsOrRefuses(read, bytes.subarray(0, length));
			}
		});

		it(`${path}: flipped bytes are read or refused with a reason`, async () => {
			const bytes = new Uint8Array(await (await fixture(path)).arrayBuffer());
			await fc.assert(
				fc.asyncProperty(
					fc.array(fc.tuple(fc.nat(Math.min(bytes.length, span) - 1), fc.integer({ min: 0, max: 255 })), {
						minLength: 1,
						maxLength: 8
					}),
					async (flips) => {
						const corrupted = bytes.slice();
						for (const [at, value] of flips) corrupted[at] = value;
						await readsOrRefuses(read, corrupted);
					}
				),
				{ numRuns: 100, seed: 16 }
			);
		});
	}
});
