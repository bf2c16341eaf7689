/** Just enough of a protobuf writer to build hostile ONNX files in tests. */

export function varint(value: number | bigint): number[] {
	let v = BigInt(value);
	const out: number[] = [];
	do {
		let byte = Number(v & 0x7fn);
		v >>= 7n;
		if (v > 0n) byte |= 0x80;
		out.push(byte);
	} while (v > 0n);
	return out;
}

/** A varint field. */
export function fieldVarint(field: number, value: number | bigint): number[] {
	return [...varint((field << 3) | 0), ...varint(value)];
}

/** A length-delimited field; `claimedLength` lets a test lie about its size. */
export function fieldBytes(
	field: number,
	body: number[] | string,
	claimedLength?: number | bigint
): number[] {
	const bytes = typeof body === 'string' ? [...new TextEncoder().encode(body)] : body;
	return [...varint((field << 3) | 2), ...varint(claimedLength ?? bytes.length), ...bytes];
}
