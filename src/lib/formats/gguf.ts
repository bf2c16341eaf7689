import { GGMLFileQuantizationType, GGMLQuantizationType, gguf, type MetadataValue } from '@huggingface/gguf';
import { type ByteSource } from './byte-source';
import { elementCount, toCount } from './count';
import { describeReadFailure, FormatError } from './errors';
import type { GgufMetadataValue, GgufSummary } from './types';

/**
 * GGUF, read by @huggingface/gguf. It reads by HTTP Range requests through a `fetch` it lets us replace, so
 * ours answers each range from the Blob: the library asks for 2 MB at a time and stops at 50 MB, under our
 * 64 MiB bound, and the tensor data is never asked for.
 */

/** Arrays longer than this (a tokenizer's vocabulary, merges, scores) are counted, not copied. */
const MAX_LISTED_ARRAY_ITEMS = 16;
const MAX_LISTED_STRING_CHARS = 1024;
/** The library keys it adds itself; the summary has them as fields. */
const STRUCTURAL_KEYS = new Set(['version', 'tensor_count', 'kv_count']);
/**
 * Never fetched: the library parses the scheme to decide between fetch and Node's fs (it refuses anything but
 * http(s) in Node), and our fetch below answers every request from the Blob. `.invalid` cannot resolve.
 */
const BLOB_URL = 'https://model-file.invalid/model.gguf';

/** A `fetch` that serves `Range: bytes=a-b` from a Blob, with the `Content-Range` that tells the file's size. */
function fetchFromBlob(file: ByteSource): typeof fetch {
	return async (_input, init) => {
		const range = new Headers(init?.headers).get('range') ?? '';
		const match = /^bytes=(\d+)-(\d+)$/.exec(range);
		if (!match) throw new FormatError('the GGUF reader asked for a whole file, not a range');
		const start = Math.min(Number(match[1]), file.size);
		const end = Math.min(Number(match[2]) + 1, file.size);
		const bytes = await file.slice(start, end).arrayBuffer();
		return new Response(bytes, {
			status: 206,
			headers: { 'content-range': `bytes ${start}-${Math.max(start, end - 1)}/${file.size}` }
		});
	};
}

export async function readGguf(file: ByteSource): Promise<GgufSummary> {
	if (file.size < 8) throw new FormatError(`the file is ${file.size} bytes, too short for a GGUF header`);
	let parsed: Awaited<ReturnType<typeof gguf>>;
	try {
		parsed = await gguf(BLOB_URL, { fetch: fetchFromBlob(file) });
	} catch (error) {
		if (error instanceof FormatError) throw error;
		throw new FormatError(describeReadFailure(error).replace(/^could not read: /, ''));
	}
	const { metadata, tensorInfos, tensorInfoByteRange } = parsed;
	// Past the end of a short file the library reads zeros, not an error: a header that ends beyond the file
	// is a truncated file, whatever it parsed to.
	if (tensorInfoByteRange[1] > file.size) {
		throw new FormatError(
			`the file is truncated: its header runs to byte ${tensorInfoByteRange[1]} of ${file.size}`
		);
	}
	// A header intact over missing weights: each tensor must at least start inside the file.
	for (const tensor of tensorInfos) {
		const start = parsed.tensorDataOffset + tensor.offset;
		if (start >= BigInt(file.size) && elementCount(tensor.shape) > 0n) {
			throw new FormatError(
				`the file is truncated: tensor "${tensor.name}" starts at byte ${start} of ${file.size}`
			);
		}
	}
	const raw = metadata as Record<string, MetadataValue>;
	const architecture =
		typeof raw['general.architecture'] === 'string' ? raw['general.architecture'] : undefined;
	const contextLength = architecture ? raw[`${architecture}.context_length`] : undefined;
	const fileType = raw['general.file_type'];
	const tensorTypes: Record<string, number> = {};
	let parameterCount = 0n;
	for (const tensor of tensorInfos) {
		const type = GGMLQuantizationType[tensor.dtype] ?? `type ${tensor.dtype}`;
		tensorTypes[type] = (tensorTypes[type] ?? 0) + 1;
		parameterCount += elementCount(tensor.shape);
	}
	const { kept, skipped } = filterMetadata(raw);
	return {
		format: 'gguf',
		version: metadata.version,
		...(architecture !== undefined ? { architecture } : {}),
		...(typeof raw['general.name'] === 'string' ? { name: raw['general.name'] } : {}),
		...(isCount(contextLength) ? { contextLength: Number(contextLength) } : {}),
		...(isCount(fileType)
			? { fileType: GGMLFileQuantizationType[Number(fileType)] ?? `type ${fileType}` }
			: {}),
		tensorCount: tensorInfos.length,
		tensorTypes,
		parameterCount: toCount(parameterCount),
		metadata: kept,
		skippedMetadata: skipped
	};
}

function isCount(value: MetadataValue | undefined): value is number | bigint {
	return (typeof value === 'number' || typeof value === 'bigint') && Number.isSafeInteger(Number(value));
}

function filterMetadata(raw: Record<string, MetadataValue>): {
	kept: Record<string, GgufMetadataValue>;
	skipped: Record<string, string>;
} {
	const kept: Record<string, GgufMetadataValue> = {};
	const skipped: Record<string, string> = {};
	for (const [key, value] of Object.entries(raw)) {
		if (STRUCTURAL_KEYS.has(key)) continue;
		if (Array.isArray(value)) {
			const scalars = value.every((item) => !Array.isArray(item));
			if (value.length > MAX_LISTED_ARRAY_ITEMS || !scalars) {
				skipped[key] = scalars ? `array of ${value.length} items` : 'nested array';
			} else {
				kept[key] = (value as (string | number | bigint | boolean)[]).map(toJsonScalar);
			}
		} else if (typeof value === 'string' && value.length > MAX_LISTED_STRING_CHARS) {
			skipped[key] = `text of ${value.length} characters`;
		} else {
			kept[key] = toJsonScalar(value);
		}
	}
	return { kept, skipped };
}

/** GGUF has 64-bit integers; JSON has doubles. Exact ones stay numbers, the rest keep their digits. */
function toJsonScalar(value: string | number | bigint | boolean): string | number | boolean {
	if (typeof value !== 'bigint') return value;
	return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}
