/**
 * Hash while storing, on every store: a large file's bytes are stored under a provisional id while
 * they are hashed and adopted by the registering transaction. An artifact is still kept exactly as
 * long as some version references its bytes, and a registration that fails, is cancelled or is
 * interrupted leaves nothing that verify() does not report and repair() does not remove.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError, type ModelStore, type StoreTx } from '$lib';
import { STORE_WHILE_HASHING_MIN_BYTES } from '$lib/registry/upload';
import { refusal, STORES } from '../stores';

const LARGE = STORE_WHILE_HASHING_MIN_BYTES + 4096;

/** `size` bytes that differ with `seed`, so two calls give two contents unless asked for one. */
function bytesOf(size: number, seed: number): Uint8Array {
	const bytes = new Uint8Array(size);
	for (let i = 0; i < size; i += 4096) bytes[i] = (i / 4096 + seed) % 251;
	return bytes;
}

/** A store whose transactions see `tx` with some operations replaced, to put a fault where it matters. */
function withTx(inner: ModelStore, change: (tx: StoreTx) => Partial<StoreTx>): ModelStore {
	const wrap = (tx: StoreTx) => Object.assign(Object.create(tx) as StoreTx, change(tx));
	return {
		read: (work) => inner.read((tx) => work(wrap(tx))),
		write: (work) => inner.write((tx) => work(wrap(tx))),
		close: () => inner.close()
	};
}

describe.each(STORES)('hash while storing on %s', (_name, makeStore) => {
	let store: ModelStore;
	let registry: ModelRegistry;

	beforeEach(() => {
		store = makeStore();
		registry = new ModelRegistry(store);
	});
	afterEach(() => registry.close());

	/** Every row of bytes the store holds: artifacts by hash, and uploads no artifact adopted. */
	const held = () =>
		store.read(async (tx) => ({
			artifacts: (await tx.artifactHashes()).length,
			uploads: (await tx.strayUploads()).length
		}));

	// Compared as buffers: a deep equality over millions of elements takes longer than the test may.
	const sameBytes = async (blob: Blob | undefined, bytes: Uint8Array) =>
		expect(Buffer.compare(new Uint8Array(await blob!.arrayBuffer()), bytes)).toBe(0);

	it('stores a large file as it is hashed and gives back its bytes, with no upload left over', async () => {
		const bytes = bytesOf(LARGE, 1);
		const version = await registry.register({ name: 'llm', version: '1.0.0', artifact: bytes });
		expect(version.files).toEqual([expect.objectContaining({ path: 'artifact', size: LARGE })]);
		await sameBytes(await registry.loadFile('llm', '1.0.0', 'artifact'), bytes);
		expect(await held()).toEqual({ artifacts: 1, uploads: 0 });
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('keeps one copy of bytes registered twice, until the last version holding them goes', async () => {
		const bytes = bytesOf(LARGE, 2);
		await registry.register({ name: 'llm', version: '1.0.0', artifact: bytes });
		await registry.register({ name: 'llm', version: '2.0.0', artifact: bytes.slice() });
		// Two files of one folder with the same bytes are kept once too.
		await registry.register({
			name: 'llm',
			version: '3.0.0',
			files: [
				{ path: 'a.bin', content: bytes },
				{ path: 'b.bin', content: bytes }
			]
		});
		expect(await held()).toEqual({ artifacts: 1, uploads: 0 });
		await registry.deleteVersion('llm', '1.0.0');
		await registry.deleteVersion('llm', '3.0.0');
		await sameBytes(await registry.loadFile('llm', '2.0.0', 'artifact'), bytes);
		await registry.deleteVersion('llm', '2.0.0');
		expect(await held()).toEqual({ artifacts: 0, uploads: 0 });
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('leaves nothing when the registration is cancelled while hashing', async () => {
		const cancel = new AbortController();
		const error = await refusal(
			registry.register(
				{ name: 'llm', version: '1.0.0', artifact: bytesOf(LARGE, 3) },
				{ signal: cancel.signal, onProgress: (done) => done > 0 && cancel.abort() }
			)
		);
		expect(error.code).toBe('CANCELLED');
		expect(await held()).toEqual({ artifacts: 0, uploads: 0 });
		expect(await registry.getModel('llm')).toBeUndefined();
	});

	it('leaves nothing when the registering transaction refuses the version', async () => {
		await registry.register({ name: 'llm', version: '1.0.0' });
		const error = await refusal(
			registry.register({ name: 'llm', version: '1.0.0', artifact: bytesOf(LARGE, 4) })
		);
		expect(error.code).toBe('DUPLICATE_VERSION');
		expect(await held()).toEqual({ artifacts: 0, uploads: 0 });
	});

	const full = () => Promise.reject(new RegistryError('STORAGE_FULL', 'Storage is full.'));

	it('registers bytes stored already when storage has no room for their upload', async () => {
		const bytes = bytesOf(LARGE, 5);
		await registry.register({ name: 'llm', version: '1.0.0', artifact: bytes });
		const noRoom = new ModelRegistry(withTx(store, () => ({ putUpload: full, putArtifact: full })));
		await noRoom.register({ name: 'llm', version: '2.0.0', artifact: bytes });
		await sameBytes(await registry.loadFile('llm', '2.0.0', 'artifact'), bytes);
		expect(await held()).toEqual({ artifacts: 1, uploads: 0 });
	});

	it('says storage is full when new bytes do not fit, and stores nothing', async () => {
		const noRoom = new ModelRegistry(withTx(store, () => ({ putUpload: full, putArtifact: full })));
		const error = await refusal(
			noRoom.register({ name: 'llm', version: '1.0.0', artifact: bytesOf(LARGE, 9) })
		);
		expect(error.code).toBe('STORAGE_FULL');
		expect(await held()).toEqual({ artifacts: 0, uploads: 0 });
		expect(await registry.getModel('llm')).toBeUndefined();
	});

	it('stores the bytes in the registering transaction when their upload alone was refused', async () => {
		const bytes = bytesOf(LARGE, 10);
		await new ModelRegistry(withTx(store, () => ({ putUpload: full }))).register({
			name: 'llm',
			version: '1.0.0',
			artifact: bytes
		});
		await sameBytes(await registry.loadFile('llm', '1.0.0', 'artifact'), bytes);
		expect(await held()).toEqual({ artifacts: 1, uploads: 0 });
	});

	it('gives any other failure of an upload, after removing the uploads that were stored', async () => {
		let puts = 0;
		const failing = new ModelRegistry(
			withTx(store, (tx) => ({
				// The first file's upload is stored, the second's fails.
				putUpload: (upload) =>
					++puts === 1 ? tx.putUpload(upload) : Promise.reject(new Error('disk failed'))
			}))
		);
		const files = [
			{ path: 'a.bin', content: bytesOf(LARGE, 11) },
			{ path: 'b.bin', content: bytesOf(LARGE, 12) }
		];
		await expect(failing.register({ name: 'llm', version: '1.0.0', files })).rejects.toThrow('disk failed');
		expect(await held()).toEqual({ artifacts: 0, uploads: 0 });
		expect(await registry.getModel('llm')).toBeUndefined();
	});

	it('stores the bytes in the transaction when a repair removed the upload first (another tab)', async () => {
		const bytes = bytesOf(LARGE, 6);
		const raced = new ModelRegistry(
			withTx(store, (tx) => ({
				adoptUpload: async (id, sha256) => {
					await tx.deleteUpload(id);
					return tx.adoptUpload(id, sha256);
				}
			}))
		);
		await raced.register({ name: 'llm', version: '1.0.0', artifact: bytes });
		await sameBytes(await registry.loadFile('llm', '1.0.0', 'artifact'), bytes);
		expect(await held()).toEqual({ artifacts: 1, uploads: 0 });
		expect((await registry.verify()).problems).toEqual([]);
	});

	it('reports an interrupted upload; repair removes it and nothing any version references', async () => {
		const kept = bytesOf(LARGE, 7);
		await registry.register({ name: 'llm', version: '1.0.0', artifact: kept });
		await registry.register({ name: 'llm', version: '1.1.0', artifact: new Uint8Array([1, 2, 3]) });
		// What a tab closed while hashing leaves: bytes under a provisional id, adopted by nothing.
		await store.write((tx) =>
			tx.putUpload({
				id: 'interrupted',
				blob: new Blob([bytesOf(LARGE, 8) as BlobPart]),
				startedAt: '2026-01-02T03:04:05.000Z'
			})
		);
		const report = await registry.verify();
		expect(report.problems).toEqual([
			{
				kind: 'upload-unfinished',
				message:
					'8.0 MB stored by a registration that did not finish (started 2026-01-02T03:04:05.000Z) belong to no version.',
				repairable: true
			}
		]);
		expect(await registry.repair()).toEqual([
			'Removed 8.0 MB stored by a registration that did not finish (started 2026-01-02T03:04:05.000Z).'
		]);
		expect(await held()).toEqual({ artifacts: 2, uploads: 0 });
		await sameBytes(await registry.loadFile('llm', '1.0.0', 'artifact'), kept);
		await sameBytes(await registry.loadFile('llm', '1.1.0', 'artifact'), new Uint8Array([1, 2, 3]));
		expect((await registry.verify()).problems).toEqual([]);
	});
});
