/**
 * Taking snapshot parts inside one store transaction — a list is read as it is; a stream (a bundle
 * read as it is imported) is awaited through `tx.waitFor`, so the transaction stays open while the
 * next part is read, and only one part is in memory at a time — and merging parts into whole
 * snapshots for the callers that hold them all.
 */
import { RegistryError } from './errors';
import type { StoreTx } from './store';
import type { ModelSnapshot, SnapshotPart, SnapshotParts } from './transfer';

/** Each part, with whether it begins its model; a part that breaks off a model is refused. */
export async function* eachPart(
	tx: StoreTx,
	parts: SnapshotParts
): AsyncGenerator<{ part: SnapshotPart; first: boolean }> {
	let open: string | undefined;
	for await (const part of read(tx, parts)) {
		if (open !== undefined && part.model.name !== open) throw brokenOff(open);
		yield { part, first: open === undefined };
		open = part.more ? part.model.name : undefined;
	}
	if (open !== undefined) throw brokenOff(open);
}

const brokenOff = (model: string) =>
	new RegistryError('INTERNAL', `The snapshot of ${model} ended before its last part.`, { model });

async function* read(tx: StoreTx, parts: SnapshotParts): AsyncGenerator<SnapshotPart> {
	if (!(Symbol.asyncIterator in parts)) {
		yield* parts;
		return;
	}
	const iterator = parts[Symbol.asyncIterator]();
	let finished = false;
	try {
		for (;;) {
			const next = await tx.waitFor(iterator.next());
			if (next.done) {
				finished = true;
				return;
			}
			yield next.value;
		}
	} finally {
		// Stopped early (an error in the work): let the source stop reading. Not awaited: waiting on
		// anything but the store here would let the transaction commit what it wrote so far.
		if (!finished) void iterator.return?.()?.catch(() => undefined);
	}
}

/**
 * Parts → whole snapshots, each model's parts merged in order. For a caller that needs models whole
 * (and so holds them all): small bundles, tests, and whatever does not take parts yet.
 */
export async function collectSnapshots(parts: SnapshotParts): Promise<ModelSnapshot[]> {
	const snapshots: ModelSnapshot[] = [];
	/** The model whose last part said `more`: the next part must continue it. */
	let open: ModelSnapshot | undefined;
	for await (const { more, model, versions, history } of parts) {
		if (open && open.model.name !== model.name) {
			throw new RegistryError(
				'INTERNAL',
				`A part of ${model.name} came where the rest of ${open.model.name} was due.`
			);
		}
		if (!open) {
			open = { model, versions: [], history: [] };
			snapshots.push(open);
		}
		// One push a record: a part may be any size, and spreading a large one overflows the stack.
		for (const version of versions) open.versions.push(version);
		for (const event of history) open.history.push(event);
		if (!more) open = undefined;
	}
	if (open) throw new RegistryError('INTERNAL', `The parts of ${open.model.name} stopped before its last.`);
	return snapshots;
}
