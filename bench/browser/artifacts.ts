/**
 * One large artifact registered through the app's worker (hashed, then stored) and loaded back,
 * against the same Blob put into and got from a plain IndexedDB object store by another worker (no
 * hashing, no registry). Both sides run in a worker, are called from the page, and pass the Blob as
 * a handle, so they differ only in what the registry does. Each step is its own call, so that
 * bench/artifacts.mjs can tell the memory of one step from the next.
 */
import * as Comlink from 'comlink';
import { registerVersion, registry } from '../../src/lib/worker/client';
import { timed } from '../measure.js';
import { bigBlob, mbps, readAll } from './blobs';
import type { RawWorkerApi } from './raw.worker';
import RawWorker from './raw.worker?worker&inline';

const MODEL = 'bench-artifact';
const VERSION = '1.0.0';

let state: { blob: Blob; worker: Worker; raw: Comlink.Remote<RawWorkerApi> } | undefined;

function prepared() {
	if (!state) throw new Error('Call bench.artifacts.prepare() first.');
	return state;
}

/** Loading means reading every byte on the page: a Blob handle alone costs nothing until it is read. */
async function checkedRead(blob: Blob | undefined): Promise<void> {
	const bytes = blob ? await readAll(blob) : 0;
	if (bytes !== prepared().blob.size) throw new Error(`Read ${bytes} bytes of ${prepared().blob.size}.`);
}

const speed = (bytes: number, ms: number) => ({ ms: Math.round(ms), MBps: mbps(bytes, ms) });

export const artifacts = {
	/** The bytes, an empty app registry and an empty raw store. Not timed. */
	async prepare(bytes: number): Promise<void> {
		await registry().wipe();
		const worker = new RawWorker();
		state = { blob: bigBlob(bytes), worker, raw: Comlink.wrap<RawWorkerApi>(worker) };
		await state.raw.dropBlobs();
	},

	/** As the register form does it: a File, hashed in the worker with progress reports, then stored. */
	async register() {
		const { size } = prepared().blob;
		const file = new File([prepared().blob], 'model.bin', { type: 'application/octet-stream' });
		const start = performance.now();
		let hashedAt = start;
		// The last progress report (every byte hashed) marks where hashing ends and storing begins.
		const input = { name: MODEL, version: VERSION, framework: 'pytorch' as const, artifact: file };
		await registerVersion(input, (done, total) => {
			if (done >= total) hashedAt = performance.now();
		}).result;
		const ms = performance.now() - start;
		const hashMs = hashedAt - start;
		return { ...speed(size, ms), hashMBps: mbps(size, hashMs), storeMBps: mbps(size, ms - hashMs) };
	},

	async load() {
		const { ms } = await timed(async () =>
			checkedRead(await registry().loadFile(MODEL, VERSION, 'model.bin'))
		);
		return speed(prepared().blob.size, ms);
	},

	async rawPut() {
		const { blob, raw } = prepared();
		const { ms } = await timed(() => raw.putBlob(blob));
		return speed(blob.size, ms);
	},

	async rawGet() {
		const { blob, raw } = prepared();
		const { ms } = await timed(async () => checkedRead(await raw.getBlob()));
		return speed(blob.size, ms);
	},

	/** Leaves the app registry empty and deletes the raw store. */
	async cleanup(): Promise<void> {
		await registry().wipe();
		if (!state) return;
		await state.raw.dropBlobs();
		state.worker.terminate();
		state = undefined;
	}
};
