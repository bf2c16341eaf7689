import type { ByteSource } from './byte-source';
import { elementCount, toCount } from './count';
import { FormatError } from './errors';
import {
	decodeFields,
	int64,
	shortString,
	walkMessage,
	WindowedFile,
	WireType,
	type ProtoReader,
	type StreamField
} from './protobuf-stream';
import type { OnnxSummary, OnnxValueInfo } from './types';

/**
 * ONNX: a protobuf `ModelProto` (onnx/onnx.proto3; field numbers below are that file's). Streamed with
 * protobuf-stream.ts so the weights are skipped, never decoded: the graph's inputs and outputs come after its
 * initializers, and an initializer's dims come before its data.
 */

/** An input, output or opset entry is read whole: a few hundred bytes; more than this is not a real one. */
const MAX_SMALL_MESSAGE_BYTES = 1024 * 1024;
/** Packed dims of one initializer: 8 dims take at most 80 bytes; a tensor of rank 100,000 is not real. */
const MAX_DIMS_BYTES = 64 * 1024;
/** Distinct operators listed; a real model uses a few dozen. */
const MAX_LISTED_OP_TYPES = 500;
/** Initializer names kept to drop weights from the inputs of old models (IR < 4 listed them as inputs). */
const MAX_REMEMBERED_INITIALIZERS = 1_000_000;

/** TensorProto.DataType names, as onnx.proto3 spells them in lower case. */
const ELEMENT_TYPES = [
	'undefined',
	'float',
	'uint8',
	'int8',
	'uint16',
	'int16',
	'int32',
	'int64',
	'string',
	'bool',
	'float16',
	'double',
	'uint32',
	'uint64',
	'complex64',
	'complex128',
	'bfloat16',
	'float8e4m3fn',
	'float8e4m3fnuz',
	'float8e5m2',
	'float8e5m2fnuz',
	'uint4',
	'int4',
	'float4e2m1',
	'float8e8m0',
	'uint2',
	'int2'
];

/** ModelProto, GraphProto, TensorProto, ValueInfoProto and friends: the fields we read. */
const Model = {
	IR_VERSION: 1,
	PRODUCER_NAME: 2,
	PRODUCER_VERSION: 3,
	DOMAIN: 4,
	MODEL_VERSION: 5,
	GRAPH: 7,
	OPSET_IMPORT: 8
};
const Graph = { NODE: 1, NAME: 2, INITIALIZER: 5, INPUT: 11, OUTPUT: 12, SPARSE_INITIALIZER: 15 };
const Tensor = { DIMS: 1, NAME: 8, EXTERNAL_DATA: 13 };
const Node = { OP_TYPE: 4, DOMAIN: 7 };

export async function readOnnx(source: ByteSource): Promise<OnnxSummary> {
	if (source.size === 0) throw new FormatError('the file is empty');
	const file = new WindowedFile(source);
	const summary: OnnxSummary = {
		format: 'onnx',
		opsetImports: [],
		inputs: [],
		outputs: [],
		nodeCount: 0,
		opTypes: {},
		initializerCount: 0,
		parameterCount: 0,
		externalDataFiles: [],
		sparseInitializerCount: 0
	};
	const parameters = { count: 0n };
	const initializerNames = new Set<string>();
	let sawGraph = false;

	await walkMessage(file, 0, source.size, 'the model', async (f) => {
		switch (f.field) {
			case Model.IR_VERSION:
				if (f.wire === WireType.VARINT) summary.irVersion = Number(f.value);
				break;
			case Model.MODEL_VERSION:
				if (f.wire === WireType.VARINT) summary.modelVersion = Number(f.value);
				break;
			case Model.PRODUCER_NAME:
				summary.producerName = await readString(file, f, 'producer_name');
				break;
			case Model.PRODUCER_VERSION:
				summary.producerVersion = await readString(file, f, 'producer_version');
				break;
			case Model.DOMAIN:
				summary.domain = await readString(file, f, 'domain');
				break;
			case Model.OPSET_IMPORT:
				summary.opsetImports.push(decodeOpset(await readSmall(file, f, 'an opset_import')));
				break;
			case Model.GRAPH:
				if (f.wire !== WireType.LENGTH_DELIMITED)
					throw new FormatError('the model is malformed: graph is not a message');
				sawGraph = true;
				await readGraph(file, f.start, f.end, summary, parameters, initializerNames);
				break;
		}
	});
	// Random bytes can parse as a few valid fields; a model without a graph is not a model.
	if (!sawGraph) throw new FormatError('not an ONNX model: no graph found');
	summary.parameterCount = toCount(parameters.count);
	// Before IR 4 every initializer was also listed as a graph input; the model's real inputs are the rest.
	summary.inputs = summary.inputs.filter((input) => !initializerNames.has(input.name));
	return summary;
}

async function readGraph(
	file: WindowedFile,
	start: number,
	end: number,
	summary: OnnxSummary,
	parameters: { count: bigint },
	initializerNames: Set<string>
): Promise<void> {
	await walkMessage(file, start, end, 'the graph', async (f) => {
		if (f.wire !== WireType.LENGTH_DELIMITED) return;
		switch (f.field) {
			case Graph.NODE: {
				summary.nodeCount += 1;
				const op = await readNodeOp(file, f.start, f.end);
				if (op in summary.opTypes || Object.keys(summary.opTypes).length < MAX_LISTED_OP_TYPES) {
					summary.opTypes[op] = (summary.opTypes[op] ?? 0) + 1;
				}
				break;
			}
			case Graph.NAME:
				summary.graphName = await readString(file, f, 'the graph name');
				break;
			case Graph.INITIALIZER: {
				const { count, name, location } = await readInitializer(file, f.start, f.end);
				summary.initializerCount += 1;
				parameters.count += count;
				if (name !== undefined && initializerNames.size < MAX_REMEMBERED_INITIALIZERS)
					initializerNames.add(name);
				if (location !== undefined && !summary.externalDataFiles.includes(location)) {
					summary.externalDataFiles.push(location);
				}
				break;
			}
			case Graph.SPARSE_INITIALIZER:
				summary.sparseInitializerCount += 1;
				break;
			case Graph.INPUT:
				summary.inputs.push(decodeValueInfo(await readSmall(file, f, 'a graph input'), 'a graph input'));
				break;
			case Graph.OUTPUT:
				summary.outputs.push(decodeValueInfo(await readSmall(file, f, 'a graph output'), 'a graph output'));
				break;
		}
	});
}

/** A node's operator, `domain.op_type` outside the default domain; its attributes (weights, subgraphs) are stepped over. */
async function readNodeOp(file: WindowedFile, start: number, end: number): Promise<string> {
	let opType = '';
	let domain = '';
	await walkMessage(file, start, end, 'a node', async (f) => {
		if (f.field === Node.OP_TYPE) opType = await readString(file, f, 'an op_type');
		else if (f.field === Node.DOMAIN) domain = await readString(file, f, 'a node domain');
	});
	return domain && domain !== 'ai.onnx' ? `${domain}.${opType}` : opType;
}

/** An initializer's dims, name and external file, read field by field so its data is stepped over. */
async function readInitializer(
	file: WindowedFile,
	start: number,
	end: number
): Promise<{ count: bigint; name?: string; location?: string }> {
	const dims: bigint[] = [];
	let name: string | undefined;
	let location: string | undefined;
	await walkMessage(file, start, end, 'an initializer', async (f) => {
		if (f.field === Tensor.DIMS && f.wire === WireType.VARINT) {
			dims.push(BigInt.asIntN(64, f.value));
		} else if (f.field === Tensor.DIMS && f.wire === WireType.LENGTH_DELIMITED) {
			if (f.end - f.start > MAX_DIMS_BYTES)
				throw new FormatError('an initializer has an impossible number of dims');
			const packed = await file.read(f.start, f.end - f.start, 'an initializer');
			decodeFields(packedAsRepeated(packed), 'an initializer', (_field, _wire, reader) => {
				dims.push(int64(reader));
				return true;
			});
		} else if (f.field === Tensor.NAME && f.wire === WireType.LENGTH_DELIMITED) {
			name = await readString(file, f, 'an initializer name');
		} else if (f.field === Tensor.EXTERNAL_DATA && f.wire === WireType.LENGTH_DELIMITED) {
			const entry = decodeStringEntry(await readSmall(file, f, 'external_data'));
			if (entry.key === 'location') location = entry.value;
		}
	});
	if (dims.some((dim) => dim < 0n)) throw new FormatError(`initializer "${name ?? '?'}" has a negative dim`);
	return { count: elementCount(dims), name, location };
}

/** Packed varints are decoded by prefixing each with a field-1 varint tag, so decodeFields can walk them. */
function packedAsRepeated(packed: Uint8Array): Uint8Array {
	const out: number[] = [];
	let startOfValue = true;
	for (const byte of packed) {
		if (startOfValue) out.push(0x08);
		out.push(byte);
		startOfValue = (byte & 0x80) === 0;
	}
	return Uint8Array.from(out);
}

async function readSmall(file: WindowedFile, f: StreamField, what: string): Promise<Uint8Array> {
	if (f.wire !== WireType.LENGTH_DELIMITED)
		throw new FormatError(`the model is malformed: ${what} is not a message`);
	if (f.end - f.start > MAX_SMALL_MESSAGE_BYTES) {
		throw new FormatError(
			`${what} at byte ${f.offset} claims ${f.end - f.start} bytes, too many for what it is`
		);
	}
	return file.read(f.start, f.end - f.start, what);
}

async function readString(file: WindowedFile, f: StreamField, what: string): Promise<string> {
	const bytes = await readSmall(file, f, what);
	const text = new TextDecoder().decode(bytes);
	return text.length > 4096 ? `${text.slice(0, 4096)}…` : text;
}

function decodeOpset(bytes: Uint8Array): { domain: string; version: number } {
	const opset = { domain: '', version: 0 };
	decodeFields(bytes, 'an opset_import', (field, wire, reader) => {
		if (field === 1 && wire === WireType.LENGTH_DELIMITED) opset.domain = shortString(reader);
		else if (field === 2 && wire === WireType.VARINT) opset.version = Number(int64(reader));
		else return false;
		return true;
	});
	return opset;
}

function decodeStringEntry(bytes: Uint8Array): { key: string; value: string } {
	const entry = { key: '', value: '' };
	decodeFields(bytes, 'external_data', (field, wire, reader) => {
		if (field === 1 && wire === WireType.LENGTH_DELIMITED) entry.key = shortString(reader);
		else if (field === 2 && wire === WireType.LENGTH_DELIMITED) entry.value = shortString(reader);
		else return false;
		return true;
	});
	return entry;
}

/** ValueInfoProto {name = 1, type = 2 (TypeProto)}. */
function decodeValueInfo(bytes: Uint8Array, what: string): OnnxValueInfo {
	const info: OnnxValueInfo = { name: '', type: 'undefined' };
	decodeFields(bytes, what, (field, wire, reader) => {
		if (field === 1 && wire === WireType.LENGTH_DELIMITED) info.name = shortString(reader);
		else if (field === 2 && wire === WireType.LENGTH_DELIMITED)
			Object.assign(info, decodeType(reader.bytes()));
		else return false;
		return true;
	});
	return info;
}

/** TypeProto: tensor_type = 1 and sparse_tensor_type = 8 carry {elem_type = 1, shape = 2}; others are named. */
function decodeType(bytes: Uint8Array): Pick<OnnxValueInfo, 'type' | 'shape'> {
	let result: Pick<OnnxValueInfo, 'type' | 'shape'> = { type: 'undefined' };
	decodeFields(bytes, 'a value type', (field, wire, reader) => {
		if (wire !== WireType.LENGTH_DELIMITED) return false;
		if (field === 1 || field === 8) {
			const tensor = decodeTensorType(reader.bytes());
			result = field === 8 ? { ...tensor, type: `sparse_tensor(${tensor.type})` } : tensor;
		} else if (field === 4) {
			result = { type: 'sequence' };
			reader.skipType(wire);
		} else if (field === 5) {
			result = { type: 'map' };
			reader.skipType(wire);
		} else if (field === 9) {
			result = { type: 'optional' };
			reader.skipType(wire);
		} else return false;
		return true;
	});
	return result;
}

function decodeTensorType(bytes: Uint8Array): Pick<OnnxValueInfo, 'type' | 'shape'> {
	const result: Pick<OnnxValueInfo, 'type' | 'shape'> = { type: 'undefined' };
	decodeFields(bytes, 'a tensor type', (field, wire, reader) => {
		if (field === 1 && wire === WireType.VARINT) {
			const code = reader.int32();
			result.type = ELEMENT_TYPES[code] ?? `type ${code}`;
		} else if (field === 2 && wire === WireType.LENGTH_DELIMITED) {
			result.shape = decodeShape(reader.bytes());
		} else return false;
		return true;
	});
	return result;
}

/** TensorShapeProto {dim = 1: Dimension {dim_value = 1, dim_param = 2}}; a dim with neither is unknown (null). */
function decodeShape(bytes: Uint8Array): (number | string | null)[] {
	const dims: (number | string | null)[] = [];
	decodeFields(bytes, 'a tensor shape', (field, wire, reader) => {
		if (field !== 1 || wire !== WireType.LENGTH_DELIMITED) return false;
		let dim: number | string | null = null;
		decodeFields(reader.bytes(), 'a tensor dimension', (inner, innerWire, dimReader: ProtoReader) => {
			if (inner === 1 && innerWire === WireType.VARINT) dim = Number(int64(dimReader));
			else if (inner === 2 && innerWire === WireType.LENGTH_DELIMITED) dim = shortString(dimReader);
			else return false;
			return true;
		});
		dims.push(dim);
		return true;
	});
	return dims;
}
