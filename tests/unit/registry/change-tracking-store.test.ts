import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '$lib';
import { ChangeTrackingStore } from '$lib/registry/change-tracking-store';
import { STORES } from '../stores';

describe.each(STORES)('ChangeTrackingStore over %s', (_, makeStore) => {
	it('reports the versions committed writes put or deleted, once', async () => {
		const tracked = new ChangeTrackingStore(makeStore());
		const registry = new ModelRegistry(tracked);
		await registry.register({ name: 'm', version: '1.0.0' });
		await registry.register({ name: 'm', version: '1.1.0' });
		await registry.deleteVersion('m', '1.0.0');
		expect(tracked.takeTouched()).toEqual([
			['m', '1.0.0'],
			['m', '1.1.0']
		]);
		expect(tracked.takeTouched()).toEqual([]);
		await registry.close();
	});

	it('reports nothing for a write that failed and was rolled back', async () => {
		const tracked = new ChangeTrackingStore(makeStore());
		const registry = new ModelRegistry(tracked);
		await registry.register({ name: 'm', version: '1.0.0' });
		tracked.takeTouched();
		await expect(registry.register({ name: 'm', version: '1.0.0' })).rejects.toMatchObject({
			code: 'DUPLICATE_VERSION'
		});
		await expect(
			tracked.write(async (tx) => {
				const [existing] = await tx.listVersions('m', { offset: 0, limit: 1, order: 'semver-asc' });
				await tx.putVersion({ ...existing!, description: 'changed' });
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(tracked.takeTouched()).toEqual([]);
		expect((await registry.getVersion('m', '1.0.0'))?.description).toBe('');
		await registry.close();
	});

	it('says "all" once writes touch more versions than it remembers, and lists them again after', async () => {
		const tracked = new ChangeTrackingStore(makeStore(), 2);
		const registry = new ModelRegistry(tracked);
		for (const version of ['1.0.0', '1.1.0', '1.2.0']) await registry.register({ name: 'm', version });
		expect(tracked.takeTouched()).toBe('all');
		// One write past the limit on its own, as a big import is.
		await tracked.write(async (tx) => {
			const stored = await tx.listVersions('m', { offset: 0, limit: 3, order: 'semver-asc' });
			await tx.putVersions(
				stored.map((v) => ({ ...v, description: 'changed' })),
				stored
			);
		});
		expect(tracked.takeTouched()).toBe('all');
		await registry.register({ name: 'm', version: '2.0.0' });
		expect(tracked.takeTouched()).toEqual([['m', '2.0.0']]);
		await registry.close();
	});

	it('says "all" after a wipe, and nothing for a wipe that failed', async () => {
		const tracked = new ChangeTrackingStore(makeStore());
		const registry = new ModelRegistry(tracked);
		await registry.register({ name: 'm', version: '1.0.0' });
		tracked.takeTouched();
		await expect(
			tracked.write(async (tx) => {
				await tx.clear();
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		expect(tracked.takeTouched()).toEqual([]);
		expect(await registry.getVersion('m', '1.0.0')).toBeDefined();
		await registry.wipe();
		expect(tracked.takeTouched()).toBe('all');
		expect(tracked.takeTouched()).toEqual([]);
		expect(await registry.listModels()).toMatchObject({ total: 0, items: [] });
		await registry.close();
	});
});
