/**
 * A model folder through the app's worker, against the same Blobs in plain IndexedDB; and the header of
 * a huge safetensors and ONNX file read through the worker's model reader, which reads by ranges. The files
 * are made here: a few random MiB repeated (`bigBlob`), behind a real header.
 */
import * as Comlink from 'comlink';
import { registerVersion, registry } from '../../src/lib/worker/client';
import { bigBlob, mbps } from './blobs';
import RawWorker from './raw.worker?worker&inline';
import type { RawWorkerApi } from './raw.worker';

const MODEL = 'bench-folder';
const GIB = 2 ** 30;

let state: { files: File[]; worker: Worker; raw: Comlink.Remote<RawWorkerApi> } | undefined;

function prepared() {
	if (!state) throw new Error('Call bench.modelFiles.prepare() first.');
	return state;
}

const total = (files: readonly Blob[]) => files.reduce((sum, file) => sum + file.size, 0);

/** A checkpoint's folder: weights in three shards, their index and a config, `bytes` in all. */
function folder(bytes: number): File[] {
	const small = [
		new File(['{"architectures": ["BenchModel"], "model_type": "bench"}'], 'config.json'),
		new File(['{"metadata": {}, "weight_map": {}}'], 'model.safetensors.index.json')
	];
	const left = bytes - total(small);
	const shard = Math.floor(left / 3);
	const shards = [shard, shard, left - 2 * shard].map(
		(size, i) => new File([bigBlob(size)], `model-0000${i + 1}-of-00003.safetensors`)
	);
	return [...small, ...shards];
}

/** A safetensors file of `bytes`: an 8-byte length, a JSON header naming one F32 tensor over all the data. */
function safetensors(bytes: number): Blob {
	const body = (data: number) =>
		JSON.stringify({ weight: { dtype: 'F32', shape: [data / 4], data_offsets: [0, data] } });
	let header = body(bytes);
	// The header's own length is part of the file: settle the data size once, padded to a multiple of 4.
	const data = Math.floor((bytes - 8 - header.length - 8) / 4) * 4;
	header = body(data);
	const padded = header.padEnd(bytes - 8 - data, ' ');
	const length = new DataView(new ArrayBuffer(8));
	length.setBigUint64(0, BigInt(padded.length), true);
	return new Blob([length, padded, bigBlob(data)]);
}

/** Protobuf varint bytes of a non-negative whole number. */
function varint(value: number): Uint8Array<ArrayBuffer> {
	const bytes: number[] = [];
	let left = BigInt(value);
	do {
		const low = Number(left & 0x7fn);
		left >>= 7n;
		bytes.push(left > 0n ? low | 0x80 : low);
	} while (left > 0n);
	return new Uint8Array(bytes);
}

/** One length-delimited field: its tag, its length, its parts. */
function field(number: number, parts: BlobPart[]): Blob {
	const content = new Blob(parts);
	return new Blob([varint((number << 3) | 2), varint(content.size), content]);
}

const text = (value: string): Uint8Array<ArrayBuffer> =>
	new TextEncoder().encode(value) as Uint8Array<ArrayBuffer>;

/**
 * An ONNX model of about `bytes`: one float initializer holding all of it inline (`raw_data`), before the
 * graph's input and output, as exporters write them; the reader has to step over the weights.
 */
function onnx(bytes: number): Blob {
	const floats = Math.floor((bytes - 4096) / 4);
	const valueInfo = (name: string) =>
		// ValueInfoProto { name = 1, type = 2: TypeProto { tensor_type = 1: { elem_type = 1 (float), shape = 2 } } }
		new Blob([
			field(1, [text(name)]),
			field(2, [
				field(1, [
					new Uint8Array([0x08, 0x01]),
					field(2, [field(1, [new Uint8Array([0x08]), varint(floats)])])
				])
			])
		]);
	const initializer = new Blob([
		// TensorProto { dims = 1 (varint), data_type = 2 (1 = float), name = 8, raw_data = 9 }
		new Uint8Array([0x08]),
		varint(floats),
		new Uint8Array([0x10, 0x01]),
		field(8, [text('weight')]),
		field(9, [bigBlob(floats * 4)])
	]);
	const graph = new Blob([
		field(2, [text('bench')]),
		field(5, [initializer]),
		field(11, [valueInfo('input')]),
		field(12, [valueInfo('output')])
	]);
	// ModelProto { ir_version = 1, producer_name = 2, graph = 7, opset_import = 8 { version = 2 } }
	return new Blob([
		new Uint8Array([0x08, 0x09]),
		field(2, [text('bench')]),
		field(7, [graph]),
		field(8, [new Uint8Array([0x10, 0x11])])
	]);
}

export const modelFiles = {
	/** The folder's bytes, an empty app registry and an empty raw store. Not timed. */
	async prepare(bytes: number): Promise<{ files: number; bytes: number }> {
		await registry().wipe();
		const worker = new RawWorker();
		state = { files: folder(bytes), worker, raw: Comlink.wrap<RawWorkerApi>(worker) };
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

	/** The same Blobs put into plain IndexedDB in one transaction from a worker: no hashing, no registry. */
	async rawPut() {
		const { files, raw } = prepared();
		const start = performance.now();
		await raw.putBlobs(files);
		const ms = performance.now() - start;
		return { ms: Math.round(ms), MBps: mbps(total(files), ms) };
	},

	/** Reads the header of a `gib` GiB file of one format through the worker's reader, and checks what it said. */
	async readHeader(format: 'safetensors' | 'onnx', gib: number) {
		const blob = format === 'safetensors' ? safetensors(gib * GIB) : onnx(gib * GIB);
		const path = format === 'safetensors' ? 'model.safetensors' : 'model.onnx';
		// Bytes made on the page are copied into the browser's blob storage on their first read, which a File
		// from disk or from IndexedDB never pays: one untimed read first, then the timed one.
		await registry().inspectFiles([{ path, content: blob }]);
		const start = performance.now();
		const summary = await registry().inspectFiles([{ path, content: blob }]);
		const ms = performance.now() - start;
		const reading = summary.files[0];
		if (!reading || 'error' in reading)
			throw new Error(`The ${format} header was not read: ${JSON.stringify(reading)}`);
		const counted = 'parameterCount' in reading.summary ? reading.summary.parameterCount : '';
		return { bytes: blob.size, ms: Math.round(ms), parameterCount: String(counted) };
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
