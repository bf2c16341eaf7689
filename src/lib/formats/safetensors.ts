import { formatBytes, MAX_READ_BYTES, readRange, readSmallText, type ByteSource } from './byte-source';
import { elementCount, toCount } from './count';
import { FormatError } from './errors';
import type { SafetensorsSummary, ShardedSafetensorsSummary, TensorInfo } from './types';

/**
 * safetensors: an 8-byte little-endian header length, a JSON header, then the raw tensor bytes
 * (https://github.com/huggingface/safetensors, "Format"). Only the header is read. No npm package reads just
 * the header from a Blob (the `safetensors` packages load the whole file into memory), so this is our own.
 */

/** A summary lists this many tensors; a 70B model has thousands and the page shows counts, not a table. */
export const MAX_LISTED_TENSORS = 50;
/** A shard index maps tensor names to files: a few hundred KB even for the largest models. */
const MAX_INDEX_BYTES = 16 * 1024 * 1024;

/** Bytes per element, to check each tensor's byte range against its shape. Sub-byte types are not checked. */
const DTYPE_BYTES: Record<string, number> = {
	BOOL: 1,
	U8: 1,
	I8: 1,
	F8_E5M2: 1,
	F8_E4M3: 1,
	F8_E8M0: 1,
	I16: 2,
	U16: 2,
	F16: 2,
	BF16: 2,
	I32: 4,
	U32: 4,
	F32: 4,
	I64: 8,
	U64: 8,
	F64: 8,
	C64: 8
};

interface ParsedHeader {
	tensors: TensorInfo[];
	parameterCount: bigint;
	metadata: Record<string, string>;
	headerBytes: number;
}

async function readHeader(file: ByteSource): Promise<ParsedHeader> {
	if (file.size < 8)
		throw new FormatError(`the file is ${file.size} bytes, too short for a safetensors header`);
	const lengthBytes = await readRange(file, 0, 8, 'the header length');
	const headerLength = new DataView(lengthBytes.buffer).getBigUint64(0, true);
	// Checked as a BigInt first: a hostile length near 2^64 must not round into a plausible number.
	if (headerLength > BigInt(MAX_READ_BYTES)) {
		throw new FormatError(
			`the file claims a ${formatBytes(Number(headerLength))} header, more than the ${formatBytes(MAX_READ_BYTES)} read at most`
		);
	}
	const headerBytes = Number(headerLength);
	if (8 + headerBytes > file.size) {
		throw new FormatError(
			`the file is truncated: its header claims ${headerBytes} bytes but only ${file.size - 8} follow`
		);
	}
	const text = new TextDecoder().decode(await readRange(file, 8, 8 + headerBytes, 'the header'));
	let header: unknown;
	try {
		header = JSON.parse(text);
	} catch (error) {
		throw new FormatError(`the header is not valid JSON (${(error as Error).message})`);
	}
	if (typeof header !== 'object' || header === null || Array.isArray(header)) {
		throw new FormatError('the header is not a JSON object');
	}
	const dataBytes = file.size - 8 - headerBytes;
	const tensors: TensorInfo[] = [];
	let parameterCount = 0n;
	let metadata: Record<string, string> = {};
	for (const [name, entry] of Object.entries(header)) {
		if (name === '__metadata__') {
			metadata = readMetadata(entry);
			continue;
		}
		const tensor = readTensorEntry(name, entry, dataBytes);
		tensors.push(tensor);
		parameterCount += elementCount(tensor.shape);
	}
	return { tensors, parameterCount, metadata, headerBytes };
}

function readMetadata(entry: unknown): Record<string, string> {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		throw new FormatError('__metadata__ is not an object of strings');
	}
	const metadata: Record<string, string> = {};
	for (const [key, value] of Object.entries(entry)) {
		if (typeof value !== 'string') throw new FormatError(`__metadata__.${key} is not a string`);
		metadata[key] = value;
	}
	return metadata;
}

function readTensorEntry(name: string, entry: unknown, dataBytes: number): TensorInfo {
	if (typeof entry !== 'object' || entry === null) throw new FormatError(`tensor "${name}" is not an object`);
	const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
	if (typeof dtype !== 'string') throw new FormatError(`tensor "${name}" has no dtype`);
	if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
		throw new FormatError(`tensor "${name}" has no valid shape`);
	}
	if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
		throw new FormatError(`tensor "${name}" has no valid data_offsets`);
	}
	const [begin, end] = offsets as [number, number];
	if (begin > end || end > dataBytes) {
		throw new FormatError(
			`tensor "${name}" lies at bytes ${begin}–${end} of the data, but the file holds ${dataBytes} bytes of data`
		);
	}
	const elementBytes = DTYPE_BYTES[dtype];
	if (elementBytes !== undefined) {
		const expected = elementCount(shape as number[]) * BigInt(elementBytes);
		if (expected !== BigInt(end - begin)) {
			throw new FormatError(
				`tensor "${name}" (${dtype} ${JSON.stringify(shape)}) needs ${expected} bytes but is given ${end - begin}`
			);
		}
	}
	return { name, dtype, shape: shape as number[] };
}

function isNonNegativeInteger(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function countDtypes(tensors: readonly TensorInfo[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { dtype } of tensors) counts[dtype] = (counts[dtype] ?? 0) + 1;
	return counts;
}

/** One `.safetensors` file: its header, never its weights. */
export async function readSafetensors(file: ByteSource): Promise<SafetensorsSummary> {
	const { tensors, parameterCount, metadata, headerBytes } = await readHeader(file);
	return {
		format: 'safetensors',
		tensorCount: tensors.length,
		dtypes: countDtypes(tensors),
		tensors: tensors.slice(0, MAX_LISTED_TENSORS),
		parameterCount: toCount(parameterCount),
		metadata,
		headerBytes
	};
}

/**
 * A sharded model: `model.safetensors.index.json` ({metadata: {total_size}, weight_map: {tensor: shard}}) and
 * the shards' headers, combined. `shard(name)` gives a shard beside the index, or undefined when absent.
 */
export async function readSafetensorsIndex(
	index: ByteSource,
	shard: (fileName: string) => ByteSource | undefined
): Promise<ShardedSafetensorsSummary> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(await readSmallText(index, MAX_INDEX_BYTES, 'the index'));
	} catch (error) {
		if (error instanceof FormatError) throw error;
		throw new FormatError(`the index is not valid JSON (${(error as Error).message})`);
	}
	const weightMap = (parsed as { weight_map?: unknown } | null)?.weight_map;
	if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
		throw new FormatError('the index has no weight_map object');
	}
	const shards: string[] = [];
	for (const [tensor, file] of Object.entries(weightMap)) {
		if (typeof file !== 'string') throw new FormatError(`weight_map["${tensor}"] is not a file name`);
		if (!shards.includes(file)) shards.push(file);
	}
	// model-00001-of-00003 before model-00002-…, whichever tensor the index happens to list first.
	shards.sort();
	const tensors: TensorInfo[] = [];
	const metadata: Record<string, string> = {};
	const missingShards: string[] = [];
	let parameterCount = 0n;
	for (const name of shards) {
		const source = shard(name);
		if (source === undefined) {
			missingShards.push(name);
			continue;
		}
		let header: ParsedHeader;
		try {
			header = await readHeader(source);
		} catch (error) {
			// Which shard failed is the useful part of the message.
			if (error instanceof FormatError)
				throw new FormatError(`shard ${name}: ${error.message.replace(/^could not read: /, '')}`);
			throw error;
		}
		tensors.push(...header.tensors);
		parameterCount += header.parameterCount;
		Object.assign(metadata, header.metadata);
	}
	const totalSize = (parsed as { metadata?: { total_size?: unknown } }).metadata?.total_size;
	return {
		format: 'safetensors-index',
		tensorCount: tensors.length,
		dtypes: countDtypes(tensors),
		tensors: tensors.slice(0, MAX_LISTED_TENSORS),
		parameterCount: toCount(parameterCount),
		metadata,
		shards,
		missingShards,
		...(typeof totalSize === 'number' && Number.isSafeInteger(totalSize) ? { totalSize } : {})
	};
}
