import { describe, expect, it } from 'vitest';
import { RegistryError } from '$lib';
import { artifactBytes, registrationBytes, withRoomFor } from '$lib/worker/storage-room';

const MB = 2 ** 20;
const estimateOf = (quota: number, usage: number) => async () => ({ quota, usage });

describe('withRoomFor', () => {
	it('refuses before any work when the estimate has no room, naming both figures', async () => {
		let ran = false;
		const refusal = withRoomFor(8 * MB, async () => (ran = true), estimateOf(10 * MB, 8 * MB));
		await expect(refusal).rejects.toMatchObject({
			code: 'STORAGE_FULL',
			message: expect.stringMatching(
				/^Storage is full: this needs 8\.1 MB, but only 2\.0 MB is free\. Nothing was saved\./
			),
			details: { needed: 8 * MB + 64 * 1024, free: 2 * MB }
		});
		expect(ran).toBe(false);
	});

	it('says how much was needed when the browser refuses a write its estimate allowed', async () => {
		const full = new RegistryError('STORAGE_FULL', 'The browser has no room left.');
		const refusal = withRoomFor(MB, () => Promise.reject(full), estimateOf(100 * MB, 0));
		await expect(refusal).rejects.toMatchObject({
			code: 'STORAGE_FULL',
			message: expect.stringContaining(
				'Storage is full: this needs 1.1 MB, and the browser refused to store it (it reports 100 MB free'
			)
		});
	});

	it('runs the work when there is room, or when the browser gives no estimate, and passes other errors on', async () => {
		expect(await withRoomFor(MB, async () => 'saved', estimateOf(100 * MB, 0))).toBe('saved');
		expect(
			await withRoomFor(
				MB,
				async () => 'saved',
				async () => undefined
			)
		).toBe('saved');
		// Records without bytes are not worth asking the browser about, even when it says it is full.
		expect(await withRoomFor(0, async () => 'saved', estimateOf(0, 0))).toBe('saved');
		const other = new RegistryError('DUPLICATE_VERSION', 'exists');
		await expect(
			withRoomFor(
				0,
				() => Promise.reject(other),
				async () => undefined
			)
		).rejects.toBe(other);
	});

	it('measures every kind of artifact a caller may pass, and nothing else', () => {
		expect(artifactBytes(new Blob(['abc']))).toBe(3);
		expect(artifactBytes(new Uint8Array(5))).toBe(5);
		expect(artifactBytes(new ArrayBuffer(7))).toBe(7);
		expect(artifactBytes('not an artifact')).toBe(0);
		expect(artifactBytes(undefined)).toBe(0);
	});

	it("measures a registration's bytes: its one artifact, or all of its files", () => {
		expect(registrationBytes({ artifact: new Uint8Array(5) })).toBe(5);
		const files = [
			{ path: 'a', content: new Blob(['abc']) },
			{ path: 'b/c', content: new ArrayBuffer(7) }
		];
		expect(registrationBytes({ files })).toBe(10);
		expect(registrationBytes({})).toBe(0);
		// Whatever a hostile caller sends is measured without a throw; the registry refuses it afterwards.
		expect(registrationBytes({ files: [null, { path: 'x' }, 'text'] as never })).toBe(0);
		expect(registrationBytes({ files: 'not a list' })).toBe(0);
	});
});
