import { describe, expect, it } from 'vitest';
import { readOnnx } from '../../../src/lib/formats';
import { fieldBytes, fieldVarint } from './protobuf';
import { blobOf, fixture, GiB, SparseFile } from './sources';

const EXPECTED_INPUTS = [
	{ name: 'features', type: 'float', shape: ['batch', 4] },
	{ name: 'scale', type: 'float', shape: [1] }
];

/** ValueInfoProto {name, type: TypeProto {tensor_type: {elem_type, shape: {dim: [...]}}}}. */
function valueInfo(name: string, elemType: number, dims: (number | string)[]): number[] {
	const shape = dims.flatMap((dim) =>
		fieldBytes(1, typeof dim === 'number' ? fieldVarint(1, dim) : fieldBytes(2, dim))
	);
	const tensorType = [...fieldVarint(1, elemType), ...fieldBytes(2, shape)];
	return [...fieldBytes(1, name), ...fieldBytes(2, fieldBytes(1, tensorType))];
}

describe('ONNX', () => {
	it('reads a real model: IR version, producer, opsets, typed inputs and outputs, parameters', async () => {
		const summary = await readOnnx(await fixture('onnx/model.onnx'));
		expect(summary).toEqual({
			format: 'onnx',
			irVersion: 8,
			producerName: 'model-registry-fixtures',
			producerVersion: '1.0',
			modelVersion: 3,
			graphName: 'tiny_linear',
			opsetImports: [
				{ domain: '', version: 17 },
				{ domain: 'ai.onnx.ml', version: 3 }
			],
			inputs: EXPECTED_INPUTS,
			outputs: [{ name: 'logits', type: 'float', shape: ['batch', 3] }],
			nodeCount: 3,
			opTypes: { MatMul: 1, Add: 1, Mul: 1 },
			initializerCount: 2,
			// weight 4×3 (raw_data) + bias 3 (float_data)
			parameterCount: 15,
			externalDataFiles: [],
			sparseInitializerCount: 0
		});
	});

	it('counts the parameters of initializers kept in an external file, and names the file', async () => {
		const summary = await readOnnx(await fixture('onnx-external/model.onnx'));
		expect(summary.parameterCount).toBe(15);
		expect(summary.externalDataFiles).toEqual(['weights.bin']);
		expect(summary.inputs).toEqual(EXPECTED_INPUTS);
	});

	it('drops initializers listed as inputs (IR < 4), and names operators outside the default domain', async () => {
		const initializer = [
			...fieldVarint(1, 2),
			...fieldVarint(1, 3),
			...fieldVarint(2, 1),
			...fieldBytes(8, 'w')
		];
		const graph = [
			...fieldBytes(1, [
				...fieldBytes(1, 'x'),
				...fieldBytes(4, 'FusedMatMul'),
				...fieldBytes(7, 'com.microsoft')
			]),
			...fieldBytes(5, initializer),
			...fieldBytes(11, valueInfo('x', 7, ['n'])),
			...fieldBytes(11, valueInfo('w', 1, [2, 3]))
		];
		const summary = await readOnnx(blobOf(Uint8Array.from([...fieldVarint(1, 3), ...fieldBytes(7, graph)])));
		expect(summary.inputs).toEqual([{ name: 'x', type: 'int64', shape: ['n'] }]);
		expect(summary.parameterCount).toBe(6);
		expect(summary.opTypes).toEqual({ 'com.microsoft.FusedMatMul': 1 });
	});

	it('gives a clear error for a truncated model', async () => {
		const bytes = new Uint8Array(await (await fixture('onnx/model.onnx')).arrayBuffer());
		await expect(readOnnx(blobOf(bytes.subarray(0, 200)))).rejects.toThrow(
			/^could not read: the model is malformed: field 7 at byte \d+ claims \d+ bytes, past the end of the file/
		);
	});

	it('gives a clear error for random bytes and for an empty file', async () => {
		// Deterministic "random" bytes (a fixed LCG), so a failure can be reproduced.
		let seed = 16;
		const noise = Uint8Array.from(
			{ length: 4096 },
			() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff
		);
		await expect(readOnnx(blobOf(noise))).rejects.toThrow(/^could not read: /);
		await expect(readOnnx(blobOf(''))).rejects.toThrow('could not read: the file is empty');
		await expect(readOnnx(blobOf('hello world'))).rejects.toThrow(/^could not read: /);
	});

	it('refuses a length prefix larger than the file, and a field that is not a message', async () => {
		const lying = Uint8Array.from([...fieldVarint(1, 8), ...fieldBytes(7, [1, 2, 3], 10 * GiB)]);
		await expect(readOnnx(blobOf(lying))).rejects.toThrow(
			/claims 10737418240 bytes, past the end of the file/
		);
		const graphAsVarint = Uint8Array.from([...fieldVarint(1, 8), ...fieldVarint(7, 5)]);
		await expect(readOnnx(blobOf(graphAsVarint))).rejects.toThrow(/graph is not a message/);
		const noGraph = Uint8Array.from([...fieldVarint(1, 8), ...fieldBytes(2, 'x')]);
		await expect(readOnnx(blobOf(noGraph))).rejects.toThrow(
			'could not read: not an ONNX model: no graph found'
		);
		const badInput = Uint8Array.from(fieldBytes(7, fieldBytes(11, [0x0a, 0x05, 0x61])));
		await expect(readOnnx(blobOf(badInput))).rejects.toThrow(
			'could not read: a graph input is malformed: a field runs past its end'
		);
	});

	it('reads a 4 GiB model by small ranges: steps over the weights to the inputs after them', async () => {
		const weightBytes = 4 * GiB;
		// initializer {dims: [1024, 1024, 1024] packed, data_type: FLOAT, name: "w", raw_data: <4 GiB>}
		const initializerHead = [
			...fieldBytes(1, [0x80, 0x08, 0x80, 0x08, 0x80, 0x08]),
			...fieldVarint(2, 1),
			...fieldBytes(8, 'w')
		];
		const rawDataHead = [0x4a, ...varintOf(weightBytes)];
		const initializerLength = initializerHead.length + rawDataHead.length + weightBytes;
		const tail = [
			...fieldBytes(11, valueInfo('tokens', 7, ['batch', 'sequence'])),
			...fieldBytes(12, valueInfo('y', 1, []))
		];
		const initializerFieldHead = [0x2a, ...varintOf(initializerLength)];
		const graphLength = initializerFieldHead.length + initializerLength + tail.length;
		const head = [
			...fieldVarint(1, 9),
			...fieldBytes(2, 'big'),
			0x3a,
			...varintOf(graphLength),
			...initializerFieldHead,
			...initializerHead,
			...rawDataHead
		];
		const file = new SparseFile(head.length + weightBytes + tail.length, [
			{ offset: 0, bytes: Uint8Array.from(head) },
			{ offset: head.length + weightBytes, bytes: Uint8Array.from(tail) }
		]);
		const summary = await readOnnx(file);
		expect(summary.parameterCount).toBe(1024 ** 3);
		expect(summary.inputs).toEqual([{ name: 'tokens', type: 'int64', shape: ['batch', 'sequence'] }]);
		expect(summary.outputs).toEqual([{ name: 'y', type: 'float', shape: [] }]);
		expect(file.bytesRequested).toBeLessThan(256 * 1024);
		expect(file.largestRequest).toBeLessThanOrEqual(64 * 1024);
	});
});

function varintOf(value: number): number[] {
	return fieldVarint(0, value).slice(1);
}
