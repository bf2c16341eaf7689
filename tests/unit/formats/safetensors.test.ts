import { describe, expect, it } from 'vitest';
import { MAX_READ_BYTES, readSafetensors, readSafetensorsIndex } from '../../../src/lib/formats';
import { blobOf, fixture, GiB, safetensorsHeader, SparseFile } from './sources';

describe('safetensors', () => {
	it('reads a real file’s header: tensors, dtypes, shapes, parameters and __metadata__', async () => {
		const summary = await readSafetensors(await fixture('safetensors-single/model.safetensors'));
		expect(summary.tensorCount).toBe(4);
		expect(summary.dtypes).toEqual({ F32: 1, F16: 2, I64: 1 });
		expect(Object.fromEntries(summary.tensors.map((t) => [t.name, [t.dtype, t.shape]]))).toEqual({
			'embed.weight': ['F32', [10, 4]],
			'fc.weight': ['F16', [2, 4]],
			'fc.bias': ['F16', [2]],
			step: ['I64', []]
		});
		expect(summary.parameterCount).toBe(51);
		expect(summary.metadata).toEqual({ format: 'np', description: 'model-registry fixture' });
	});

	it('combines a sharded model’s headers through its index', async () => {
		const folder = 'hf-sharded/';
		const shards = new Map<string, Blob>();
		for (const name of ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']) {
			shards.set(name, await fixture(folder + name));
		}
		const summary = await readSafetensorsIndex(
			await fixture(`${folder}model.safetensors.index.json`),
			(name) => shards.get(name)
		);
		expect(summary.shards).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
		expect(summary.missingShards).toEqual([]);
		expect(summary.tensorCount).toBe(11);
		expect(summary.dtypes).toEqual({ F32: 10, F16: 1 });
		// embed 32×8 + 2 layers × (8×8 + 8×8 + 16×8 + 8) + norm 8 + lm_head 32×8
		expect(summary.parameterCount).toBe(1048);
		expect(summary.totalSize).toBe(3680);
		expect(summary.metadata).toEqual({ format: 'pt' });
		expect(summary.tensors.find((t) => t.name === 'lm_head.weight')).toEqual({
			name: 'lm_head.weight',
			dtype: 'F16',
			shape: [32, 8]
		});
	});

	it('names the shards an index lists that are not there', async () => {
		const folder = 'hf-sharded/';
		const first = await fixture(`${folder}model-00001-of-00002.safetensors`);
		const summary = await readSafetensorsIndex(
			await fixture(`${folder}model.safetensors.index.json`),
			(name) => (name === 'model-00001-of-00002.safetensors' ? first : undefined)
		);
		expect(summary.missingShards).toEqual(['model-00002-of-00002.safetensors']);
		expect(summary.tensorCount).toBe(5);
	});

	it('lists the first 50 tensors and counts them all', async () => {
		const header: Record<string, unknown> = {};
		for (let n = 0; n < 60; n++)
			header[`layer.${n}`] = { dtype: 'F32', shape: [2], data_offsets: [n * 8, n * 8 + 8] };
		const summary = await readSafetensors(blobOf(safetensorsHeader(header), new Uint8Array(480)));
		expect(summary.tensorCount).toBe(60);
		expect(summary.tensors).toHaveLength(50);
		expect(summary.parameterCount).toBe(120);
	});

	it('refuses a file that claims a 10 GB header without reading it', async () => {
		const file = new SparseFile(20 * GiB, [{ offset: 0, bytes: safetensorsHeader({}, 10_000_000_000n) }]);
		await expect(readSafetensors(file)).rejects.toThrow(/^could not read: the file claims a 9\.3 GiB header/);
		expect(file.bytesRequested).toBe(8);
	});

	it('refuses a header longer than the file (truncated)', async () => {
		const whole = safetensorsHeader({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
		await expect(readSafetensors(blobOf(whole.subarray(0, 20)))).rejects.toThrow(
			/^could not read: the file is truncated: its header claims \d+ bytes but only 12 follow/
		);
		await expect(readSafetensors(blobOf(whole.subarray(0, 5)))).rejects.toThrow(/too short/);
	});

	it('refuses a header that is not JSON, or not an object', async () => {
		await expect(readSafetensors(blobOf(safetensorsHeader('{"w": ')))).rejects.toThrow(
			/header is not valid JSON/
		);
		await expect(readSafetensors(blobOf(safetensorsHeader([1, 2])))).rejects.toThrow(
			/header is not a JSON object/
		);
		await expect(readSafetensors(blobOf(safetensorsHeader('"text"')))).rejects.toThrow(/not a JSON object/);
	});

	it('refuses tensors whose bytes lie past the data, or do not fit their shape', async () => {
		const past = safetensorsHeader({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } });
		await expect(readSafetensors(blobOf(past, new Uint8Array(8)))).rejects.toThrow(
			/tensor "w" lies at bytes 0–16 of the data, but the file holds 8 bytes of data/
		);
		const wrong = safetensorsHeader({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 8] } });
		await expect(readSafetensors(blobOf(wrong, new Uint8Array(8)))).rejects.toThrow(
			/needs 16 bytes but is given 8/
		);
		const bad = safetensorsHeader({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } });
		await expect(readSafetensors(blobOf(bad, new Uint8Array(4)))).rejects.toThrow(/no valid shape/);
	});

	it('reads a 4 GiB file by its header alone, and sums parameters past 2^53 exactly', async () => {
		const header = safetensorsHeader({
			__metadata__: { format: 'pt' },
			big: { dtype: 'U8', shape: [4 * GiB - 1024], data_offsets: [0, 4 * GiB - 1024] }
		});
		const file = new SparseFile(header.length + 4 * GiB - 1024, [{ offset: 0, bytes: header }]);
		const summary = await readSafetensors(file);
		expect(summary.parameterCount).toBe(4 * GiB - 1024);
		expect(file.bytesRequested).toBeLessThan(64 * 1024);

		const huge = safetensorsHeader({ h: { dtype: 'F4', shape: [2 ** 40, 2 ** 20], data_offsets: [0, 0] } });
		const hugeSummary = await readSafetensors(blobOf(huge));
		expect(hugeSummary.parameterCount).toBe((2n ** 60n).toString());
	});

	it('never asks for more than the 64 MiB bound, whatever the header claims', async () => {
		const file = new SparseFile(8 * GiB, [
			{ offset: 0, bytes: safetensorsHeader({}, BigInt(MAX_READ_BYTES) + 1n) }
		]);
		await expect(readSafetensors(file)).rejects.toThrow(/more than the 64 MiB read at most/);
		expect(file.largestRequest).toBeLessThanOrEqual(8);
	});
});
