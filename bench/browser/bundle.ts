/**
 * Export and import of a bundle holding one large artifact, against the same bytes moved by plain
 * IndexedDB and zip.js alone (no registry, no validation, no hashing) in the same run.
 */
import { DexieModelStore, ModelRegistry } from '../../src/lib';
import { writeBundle } from '../../src/lib/bundle/export';
import { bundleParts, openBundle, verifiedArtifacts } from '../../src/lib/bundle/import';
import { BlobReader, BlobWriter, ZipReader, ZipWriter } from '../../src/lib/bundle/zip';
import { timed } from '../measure.js';
import { bigBlob, mbps, openBlobStore, rawGet, rawPut } from './blobs';

export async function bundleAtScale(bytes: number) {
	for (const name of ['bench-bundle-a', 'bench-bundle-b', 'bench-bundle-raw']) indexedDB.deleteDatabase(name);
	const source = new ModelRegistry(new DexieModelStore({ name: 'bench-bundle-a' }));
	const blob = bigBlob(bytes);
	// Not timed here: registering an artifact is the artifacts scenario (artifacts.ts).
	await source.register({ name: 'big', version: '1.0.0', artifact: new File([blob], 'big.bin') });

	// Ours: the registry's snapshot and the streamed zip writer.
	const exported = await timed(async () => {
		const { snapshots, artifacts } = await source.snapshot();
		return (await writeBundle(snapshots, artifacts, undefined)) as Blob;
	});
	const target = new ModelRegistry(new DexieModelStore({ name: 'bench-bundle-b' }));
	const imported = await timed(async () => {
		const bundle = await openBundle(exported.value);
		const artifacts = await verifiedArtifacts(bundle);
		return target.importSnapshots(bundleParts(bundle), { policy: 'fail', artifacts });
	});

	// Baseline: the same bytes through plain IndexedDB and zip.js, nothing else.
	const raw = await openBlobStore('bench-bundle-raw');
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
