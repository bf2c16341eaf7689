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

const FILE_VERSION = '2.0.0';

let input: HTMLInputElement | undefined;

function chosenFile(): File {
	const file = input?.files?.[0];
	if (!file) throw new Error('Choose a file through bench.artifacts.fileInput() first.');
	return file;
}

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

/** How long to wait, in all, for Chromium's blob storage to take a large Blob after the browser starts. */
const BLOB_STORAGE_WAIT_MS = 30_000;
const BLOB_STORAGE_POLL_MS = 1_000;

/**
 * `bigBlob(bytes)`, once Chromium can hold it. Chromium computes its blob storage limits after the
 * browser starts; until then a Blob over about 500 MiB is refused (chrome://blob-internals shows
 * `ERR_OUT_OF_MEMORY`) and reading it fails, so a scenario run first in a fresh browser failed.
 */
async function readableBigBlob(bytes: number): Promise<Blob> {
	const deadline = performance.now() + BLOB_STORAGE_WAIT_MS;
	for (;;) {
		const blob = bigBlob(bytes);
		const readable = await blob
			.slice(Math.max(0, bytes - 1))
			.arrayBuffer()
			.then(
				() => true,
				() => false
			);
		if (readable) return blob;
		if (performance.now() > deadline) throw new Error(`Chromium refused a Blob of ${bytes} bytes.`);
		await new Promise((done) => setTimeout(done, BLOB_STORAGE_POLL_MS));
	}
}

const speed = (bytes: number, ms: number) => ({ ms: Math.round(ms), MBps: mbps(bytes, ms) });

export const artifacts = {
	/** The bytes, an empty app registry and an empty raw store. Not timed. */
	async prepare(bytes: number): Promise<void> {
		await registry().wipe();
		const worker = new RawWorker();
		state = { blob: await readableBigBlob(bytes), worker, raw: Comlink.wrap<RawWorkerApi>(worker) };
		await state.raw.dropBlobs();
	},

	/**
	 * Hashed in the worker with progress reports and stored. The registry gets the very Blob the raw
	 * put stores, under the path the register form would give it: a `File` wrapped around a Blob made
	 * in memory puts about 1.4× slower than the Blob itself (measured in Chromium 156), so wrapping
	 * it on one side only would compare two different puts.
	 */
	async register() {
		const { blob } = prepared();
		const { size } = blob;
		const start = performance.now();
		let hashedAt = start;
		// The last progress report (every byte hashed) marks where hashing ends and storing begins.
		const input = {
			name: MODEL,
			version: VERSION,
			framework: 'pytorch' as const,
			files: [{ path: 'model.bin', content: blob }]
		};
		await registerVersion(input, (done, total) => {
			if (done >= total) hashedAt = performance.now();
		}).result;
		const ms = performance.now() - start;
		const hashMs = hashedAt - start;
		return {
			...speed(size, ms),
			hashMBps: mbps(size, hashMs),
			// What is left once every byte is hashed: the registering transaction (and the bytes' put, if it is slower).
			afterHashMs: Math.round(ms - hashMs)
		};
	},

	/** The file input the benchmark hands a file on disk to, as a person picks one. */
	fileInput(): HTMLInputElement {
		input ??= Object.assign(document.createElement('input'), { type: 'file' });
		if (!input.isConnected) document.body.append(input);
		return input;
	},

	/** A file from disk, as the register form gives it (`artifact`: a `File` backed by the file). */
	async registerFile() {
		const file = chosenFile();
		const input = { name: MODEL, version: FILE_VERSION, framework: 'pytorch' as const, artifact: file };
		const { ms } = await timed(() => registerVersion(input, () => undefined).result);
		return speed(file.size, ms);
	},

	async rawPutFile() {
		const file = chosenFile();
		const { ms } = await timed(() => prepared().raw.putBlob(file));
		return speed(file.size, ms);
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
