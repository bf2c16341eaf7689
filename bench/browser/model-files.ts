/**
 * A model folder through the app's worker, against the same files in plain IndexedDB; and the header of
 * a huge safetensors and ONNX file read through the worker's model reader, which reads by ranges. The files
 * come from disk through a file input (bench/model-files.mjs writes them), as a person's do.
 */
import * as Comlink from 'comlink';
import { registerVersion, registry } from '../../src/lib/worker/client';
import { mbps } from './blobs';
import RawWorker from './raw.worker?worker&inline';
import type { RawWorkerApi } from './raw.worker';

const MODEL = 'bench-folder';

let state: { files: File[]; worker: Worker; raw: Comlink.Remote<RawWorkerApi> } | undefined;
let input: HTMLInputElement | undefined;

function prepared() {
	if (!state) throw new Error('Call bench.modelFiles.prepare() first.');
	return state;
}

const total = (files: readonly Blob[]) => files.reduce((sum, file) => sum + file.size, 0);

function chosen(): File[] {
	return [...(input?.files ?? [])];
}

export const modelFiles = {
	/** The file input the benchmark hands files to, as a person picks them: Files backed by files on disk. */
	fileInput(): HTMLInputElement {
		if (!input) {
			input = document.createElement('input');
			input.type = 'file';
			input.multiple = true;
			document.body.append(input);
		}
		return input;
	},

	/** The chosen folder, an empty app registry and an empty raw store. Not timed. */
	async prepare(): Promise<{ files: number; bytes: number }> {
		await registry().wipe();
		const worker = new RawWorker();
		state = { files: chosen(), worker, raw: Comlink.wrap<RawWorkerApi>(worker) };
		await state.raw.dropBlobs();
		return { files: state.files.length, bytes: total(state.files) };
	},

	/** As the register form does it: the folder's Files, each hashed in the worker with progress, then stored. */
	async register() {
		const { files } = prepared();
		const start = performance.now();
		const input = {
			name: MODEL,
			version: '1.0.0',
			files: files.map((file) => ({ path: file.name, content: file }))
		};
		await registerVersion(input, () => undefined).result;
		const ms = performance.now() - start;
		return { ms: Math.round(ms), MBps: mbps(total(files), ms) };
	},

	/** The same Files put into plain IndexedDB in one transaction from a worker: no hashing, no registry. */
	async rawPut() {
		const { files, raw } = prepared();
		const start = performance.now();
		await raw.putBlobs(files);
		const ms = performance.now() - start;
		return { ms: Math.round(ms), MBps: mbps(total(files), ms) };
	},

	/** Reads the header of the chosen model file through the worker's reader, and checks what it said. */
	async readHeader() {
		const [file] = chosen();
		if (!file) throw new Error('Choose a model file first.');
		const start = performance.now();
		const summary = await registry().inspectFiles([{ path: file.name, content: file }]);
		const ms = performance.now() - start;
		const reading = summary.files[0];
		if (!reading || 'error' in reading)
			throw new Error(`${file.name} was not read: ${JSON.stringify(reading)}`);
		const counted = 'parameterCount' in reading.summary ? reading.summary.parameterCount : '';
		return { bytes: file.size, ms: Math.round(ms), parameterCount: String(counted) };
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
