import { describe, expect, it } from 'vitest';
import { readGguf } from '../../../src/lib/formats';
import { blobOf, fixture, GiB, SparseFile } from './sources';

async function fixtureBytes(): Promise<Uint8Array> {
	return new Uint8Array(await (await fixture('gguf/tiny-llama.gguf')).arrayBuffer());
}

describe('GGUF', () => {
	it('reads a real file: architecture, context length, quantisation, tensors and parameters', async () => {
		const summary = await readGguf(await fixture('gguf/tiny-llama.gguf'));
		expect(summary).toMatchObject({
			format: 'gguf',
			version: 3,
			architecture: 'llama',
			name: 'tiny-llama-fixture',
			contextLength: 128,
			fileType: 'Q8_0',
			tensorCount: 3,
			tensorTypes: { F32: 1, Q8_0: 1, F16: 1 },
			// token_embd 32×100 + ffn_up 32×64 + attn_norm 32
			parameterCount: 5280
		});
		expect(summary.metadata).toMatchObject({
			'general.architecture': 'llama',
			'llama.context_length': 128,
			'llama.embedding_length': 32,
			'llama.block_count': 1,
			'llama.attention.head_count': 2,
			'tokenizer.ggml.model': 'llama'
		});
		// The vocabulary is counted, not copied.
		expect(summary.skippedMetadata).toEqual({ 'tokenizer.ggml.tokens': 'array of 100 items' });
		expect(summary.metadata).not.toHaveProperty('tokenizer.ggml.tokens');
		expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
	});

	it('refuses a file with the wrong magic', async () => {
		const bytes = await fixtureBytes();
		const wrong = bytes.slice();
		wrong.set([0x47, 0x47, 0x4d, 0x4c], 0);
		await expect(readGguf(blobOf(wrong))).rejects.toThrow(
			'could not read: not a valid gguf file: not starting with GGUF magic number'
		);
		await expect(readGguf(blobOf('GGUF'))).rejects.toThrow(/too short for a GGUF header/);
	});

	it('refuses a truncated file', async () => {
		const bytes = await fixtureBytes();
		for (const length of [12, 100, 1000]) {
			await expect(readGguf(blobOf(bytes.subarray(0, length)))).rejects.toThrow(
				/^could not read: the file is truncated: its header runs to byte \d+ of \d+$/
			);
		}
		// The header is whole but the weights are cut short.
		await expect(readGguf(blobOf(bytes.subarray(0, 4000)))).rejects.toThrow(
			/^could not read: the file is truncated: tensor "blk\.0\.ffn_up\.weight" starts at byte \d+ of 4000$/
		);
	});

	it('reads a 4 GiB file by its header alone', async () => {
		const bytes = await fixtureBytes();
		// The header and tensor infos end well before the first 2 KB of tensor data.
		const file = new SparseFile(4 * GiB, [{ offset: 0, bytes: bytes.subarray(0, 2048) }]);
		const summary = await readGguf(file);
		expect(summary.parameterCount).toBe(5280);
		// The library reads by 2 MB chunks; one is enough here, and the 4 GiB are never asked for.
		expect(file.bytesRequested).toBeLessThanOrEqual(2_000_000);
	});
});
