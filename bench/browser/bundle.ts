/**
 * Export and import of a bundle holding one large artifact, against the same bytes moved by plain
 * IndexedDB and zip.js alone (no registry, no validation, no hashing) in the same run.
 */
import { DexieModelStore, ModelRegistry } from '../../src/lib';
import { writeBundle } from '../../src/lib/bundle/export';
import { openBundle, verifiedArtifacts } from '../../src/lib/bundle/import';
import { BlobReader, BlobWriter, ZipReader, ZipWriter } from '../../src/lib/bundle/zip';

const MIB = 1024 * 1024;

/** A Blob of `bytes` made of one random MiB repeated: Chromium keeps it by reference, not as a copy. */
function bigBlob(bytes: number): Blob {
	// getRandomValues fills at most 64 KiB per call.
	const chunk = new Uint8Array(Math.min(MIB, bytes));
	for (let i = 0; i < chunk.length; i += 65536) crypto.getRandomValues(chunk.subarray(i, i + 65536));
	const parts: BlobPart[] = [];
	for (let left = bytes; left > 0; left -= chunk.byteLength)
		parts.push(left >= chunk.byteLength ? chunk : chunk.slice(0, left));
	return new Blob(parts);
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = performance.now();
	const value = await work();
	return { ms: performance.now() - start, value };
}

function rawPut(db: IDBDatabase, blob: Blob): Promise<void> {
	return new Promise((resolve, reject) => {
		const tx = db.transaction('blobs', 'readwrite');
		tx.objectStore('blobs').put(blob, 'one');
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
	});
}

function rawGet(db: IDBDatabase): Promise<Blob> {
	return new Promise((resolve, reject) => {
		const request = db.transaction('blobs').objectStore('blobs').get('one');
		request.onsuccess = () => resolve(request.result as Blob);
		request.onerror = () => reject(request.error);
	});
}

function openRaw(name: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open(name, 1);
		open.onupgradeneeded = () => open.result.createObjectStore('blobs');
		open.onsuccess = () => resolve(open.result);
		open.onerror = () => reject(open.error);
	});
}

const mbps = (bytes: number, ms: number) => Number((bytes / MIB / (ms / 1000)).toFixed(1));

export async function bundleAtScale(bytes: number) {
	for (const name of ['bench-bundle-a', 'bench-bundle-b', 'bench-bundle-raw']) indexedDB.deleteDatabase(name);
	const source = new ModelRegistry(new DexieModelStore({ name: 'bench-bundle-a' }));
	const blob = bigBlob(bytes);
	const register = await timed(() =>
		source.register({ name: 'big', version: '1.0.0', artifact: new File([blob], 'big.bin') })
	);

	// Ours: the registry's snapshot and the streamed zip writer.
	const exported = await timed(async () => {
		const { snapshots, artifacts } = await source.snapshot();
		return (await writeBundle(snapshots, artifacts, undefined)) as Blob;
	});
	const target = new ModelRegistry(new DexieModelStore({ name: 'bench-bundle-b' }));
	const imported = await timed(async () => {
		const bundle = await openBundle(exported.value);
		const artifacts = await verifiedArtifacts(bundle);
		return target.importSnapshots(bundle.snapshots, { policy: 'fail', artifacts });
	});

	// Baseline: the same bytes through plain IndexedDB and zip.js, nothing else.
	const raw = await openRaw('bench-bundle-raw');
	await rawPut(raw, blob);
	const rawExport = await timed(async () => {
		const zip = new ZipWriter(new BlobWriter(), { zip64: true, level: 0 });
		await zip.add('artifacts/x', new BlobReader(await rawGet(raw)), { level: 0 });
		return zip.close();
	});
	const rawImport = await timed(async () => {
		const [entry] = await new ZipReader(new BlobReader(rawExport.value)).getEntries();
		const data = await (entry as { getData: (w: BlobWriter) => Promise<Blob> }).getData(new BlobWriter());
		await rawPut(raw, data);
	});
	raw.close();
	await Promise.all([source.close(), target.close()]);
	return {
		bytes,
		registerMBps: mbps(bytes, register.ms),
		exportMs: Math.round(exported.ms),
		exportMBps: mbps(bytes, exported.ms),
		importMs: Math.round(imported.ms),
		importMBps: mbps(bytes, imported.ms),
		rawExportMs: Math.round(rawExport.ms),
		rawExportMBps: mbps(bytes, rawExport.ms),
		rawImportMs: Math.round(rawImport.ms),
		rawImportMBps: mbps(bytes, rawImport.ms)
	};
}
