// A model folder registered through the app's worker against the same files put into plain IndexedDB, and
// the headers of a huge safetensors and ONNX file read through the worker (bench/browser/model-files.ts),
// with the peak memory of each step. The files are written to disk here and handed to the page through a
// file input, as a person's files are: file-backed, so Chromium never copies their bytes into memory.
// They are sparse (zeros after their headers), so making 8 GiB of them costs neither time nor disk.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memorySampler } from './memory.mjs';

const GIB = 2 ** 30;

/** A file of `size` bytes: `head` at its start, `tail` at its end, zeros (a hole) between. */
async function sparseFile(path, size, head, tail = Buffer.alloc(0)) {
	const file = await open(path, 'w');
	try {
		await file.write(head, 0, head.length, 0);
		if (tail.length) await file.write(tail, 0, tail.length, size - tail.length);
		await file.truncate(size);
	} finally {
		await file.close();
	}
}

/** A checkpoint's folder: a config, a shard index and three weight shards, `bytes` in all. */
async function writeFolder(dir, bytes) {
	const config = join(dir, 'config.json');
	const index = join(dir, 'model.safetensors.index.json');
	await writeFile(config, '{"architectures": ["BenchModel"], "model_type": "bench"}');
	await writeFile(index, '{"metadata": {}, "weight_map": {}}');
	const shard = Math.floor(bytes / 3);
	const shards = [shard, shard, bytes - 2 * shard].map((size, i) => [
		join(dir, `model-0000${i + 1}-of-00003.bin`),
		size
	]);
	for (const [path, size] of shards) await sparseFile(path, size, Buffer.alloc(0));
	return [config, index, ...shards.map(([path]) => path)];
}

/** A safetensors file of `bytes`: an 8-byte length, a JSON header naming one F32 tensor over all the data. */
async function writeSafetensors(path, bytes) {
	const body = (data) =>
		JSON.stringify({ weight: { dtype: 'F32', shape: [data / 4], data_offsets: [0, data] } });
	// The header's own length is part of the file: settle the data size once, padded to a multiple of 4.
	const data = Math.floor((bytes - 8 - body(bytes).length - 8) / 4) * 4;
	const header = Buffer.from(body(data).padEnd(bytes - 8 - data, ' '));
	const length = Buffer.alloc(8);
	length.writeBigUInt64LE(BigInt(header.length));
	await sparseFile(path, bytes, Buffer.concat([length, header]));
}

/** Protobuf varint bytes of a non-negative whole number. */
function varint(value) {
	const bytes = [];
	let left = BigInt(value);
	do {
		const low = Number(left & 0x7fn);
		left >>= 7n;
		bytes.push(left > 0n ? low | 0x80 : low);
	} while (left > 0n);
	return Buffer.from(bytes);
}

const field = (number, content) =>
	Buffer.concat([varint((number << 3) | 2), varint(content.length), content]);
/** A length-delimited field's tag and length, for content written elsewhere (the weights). */
const fieldHead = (number, length) => Buffer.concat([varint((number << 3) | 2), varint(length)]);

/**
 * An ONNX model of about `bytes`: one float initializer holding the weights inline (`raw_data`), before the
 * graph's input and output, as exporters write them; the reader has to step over the weights.
 */
async function writeOnnx(path, bytes) {
	const floats = Math.floor((bytes - 4096) / 4);
	const raw = floats * 4;
	// ValueInfoProto { name = 1, type = 2: TypeProto { tensor_type = 1: { elem_type = 1 (float), shape = 2 } } }
	const valueInfo = (name) =>
		Buffer.concat([
			field(1, Buffer.from(name)),
			field(
				2,
				field(
					1,
					Buffer.concat([
						Buffer.from([0x08, 0x01]),
						field(2, field(1, Buffer.concat([Buffer.from([0x08]), varint(floats)])))
					])
				)
			)
		]);
	// TensorProto { dims = 1, data_type = 2 (1 = float), name = 8, raw_data = 9 }
	const tensorHead = Buffer.concat([
		Buffer.from([0x08]),
		varint(floats),
		Buffer.from([0x10, 0x01]),
		field(8, Buffer.from('weight')),
		fieldHead(9, raw)
	]);
	const initializerLength = tensorHead.length + raw;
	const graphTail = Buffer.concat([field(11, valueInfo('input')), field(12, valueInfo('output'))]);
	const graphHead = Buffer.concat([field(2, Buffer.from('bench')), fieldHead(5, initializerLength)]);
	const graphLength = graphHead.length + initializerLength + graphTail.length;
	// ModelProto { ir_version = 1, producer_name = 2, graph = 7, opset_import = 8 { version = 2 } }
	const head = Buffer.concat([
		Buffer.from([0x08, 0x09]),
		field(2, Buffer.from('bench')),
		fieldHead(7, graphLength),
		graphHead,
		tensorHead
	]);
	const tail = Buffer.concat([graphTail, field(8, Buffer.from([0x10, 0x11]))]);
	await sparseFile(path, head.length + raw + tail.length, head, tail);
}

export async function modelFilesScenario({
	context,
	page,
	profileDir,
	folderBytes,
	safetensorsGiB,
	onnxGiB
}) {
	const dir = await mkdtemp(join(tmpdir(), 'bench-model-files-'));
	const memory = await memorySampler(context, page, profileDir);
	try {
		const folder = await writeFolder(await mkdtemp(join(dir, 'folder-')), folderBytes);
		const safetensors = join(dir, 'model.safetensors');
		const onnx = join(dir, 'model.onnx');
		await writeSafetensors(safetensors, safetensorsGiB * GIB);
		await writeOnnx(onnx, onnxGiB * GIB);
		const input = await page.evaluateHandle(() => window.bench.modelFiles.fileInput());
		const choose = (paths) => input.asElement().setInputFiles(paths);
		await choose(folder);
		const prepared = await page.evaluate(() => window.bench.modelFiles.prepare());
		// What is held before any step: the folder's Files are handles to files on disk.
		const { peak: before } = await memory.during(() => new Promise((done) => setTimeout(done, 1000)));
		const step = (run) => memory.during(() => page.evaluate(run));
		const result = {
			folder: prepared,
			before,
			register: await step(() => window.bench.modelFiles.register()),
			rawPut: await step(() => window.bench.modelFiles.rawPut())
		};
		await choose(safetensors);
		result.safetensorsHeader = await step(() => window.bench.modelFiles.readHeader());
		await choose(onnx);
		result.onnxHeader = await step(() => window.bench.modelFiles.readHeader());
		return result;
	} finally {
		await memory.stop();
		await page.evaluate(() => window.bench.modelFiles.cleanup());
		await rm(dir, { recursive: true, force: true });
	}
}
