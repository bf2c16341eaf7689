/**
 * The hand-over between an export's read transaction (pushing parts) and the zip writer (pulling
 * lines): in order, at most one item ahead, and a stop on either side stops the other.
 */
import { describe, expect, it } from 'vitest';
import { handOver } from '$lib/worker/hand-over';

describe('handOver', () => {
	it('gives every item in order, the producer at most one item ahead of the consumer', async () => {
		const given: number[] = [];
		const { items, result } = handOver(async (give: (item: number) => Promise<void>) => {
			for (let i = 0; i < 5; i++) {
				given.push(i);
				await give(i);
			}
			return 'read';
		});
		const taken: number[] = [];
		for await (const item of items) {
			taken.push(item);
			// The producer has handed over this item and may have started on the next, no further.
			expect(given.length).toBeLessThanOrEqual(item + 2);
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
		expect(taken).toEqual([0, 1, 2, 3, 4]);
		await expect(result).resolves.toBe('read');
	});

	it("passes the producer's failure to the consumer, after what was given", async () => {
		const { items, result } = handOver(async (give: (item: number) => Promise<void>) => {
			await give(1);
			throw new Error('The model m does not exist.');
		});
		result.catch(() => undefined);
		const taken: number[] = [];
		await expect(
			(async () => {
				for await (const item of items) taken.push(item);
			})()
		).rejects.toThrow('does not exist');
		expect(taken).toEqual([1]);
	});

	it('stops the producer when the consumer stops taking', async () => {
		const { items, result } = handOver(async (give: (item: number) => Promise<void>) => {
			for (let i = 0; ; i++) await give(i);
		});
		for await (const item of items) if (item === 2) break;
		await expect(result).rejects.toThrow('stopped taking');
	});
});
