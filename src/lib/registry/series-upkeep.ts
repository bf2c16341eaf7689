/**
 * Keeps the series buckets (`series-summary.ts`) current in the same transaction as the versions,
 * whoever writes them: both stores wrap each write transaction with `keepingSeries`, so register,
 * stage changes, imports, deletions, repairs and test seeds all update them, and an aborted write
 * leaves them as it leaves the versions.
 *
 * Writes are noted as they are made (with the row they replace: read before the write, so it sees the
 * row as it was, unless this transaction read it already or the caller passed it, as an import does)
 * and the buckets are settled once, when the work is done: a bucket
 * that one registration adds to is updated from its kept points alone; any other change re-reads
 * the bucket's versions (at most `BUCKET_CAPACITY`, and only the buckets the write touched).
 */
import { metricEntries } from './metrics';
import { parseSemver, semverKey } from './semver';
import { BUCKET_CAPACITY, keptPoints, pointOf, summarizeRun, type SeriesBucket } from './series-summary';
import type { StoreTx } from './store';
import type { ModelVersion } from './types';

interface Change {
	model: string;
	key: string;
	/** The row as it was before this transaction first wrote it. */
	before: Promise<ModelVersion | undefined>;
	/** The row as this transaction leaves it. */
	after: ModelVersion | undefined;
	/**
	 * Its bucket, asked for when the write is made (for the first few writes), so that a registration
	 * does not wait for that read after its work is done.
	 */
	bucket?: Promise<SeriesBucket | undefined>;
}

interface Settled extends Omit<Change, 'before'> {
	before: ModelVersion | undefined;
}

/** Beyond this many changes to one model, its buckets are read in one request rather than one each. */
const LOOKUP_ONE_BY_ONE = 8;

/**
 * Past this many noted changes the buckets are settled before the work goes on, so that an import
 * of a million versions in one transaction holds one stretch of rows, not every row it wrote.
 */
export const SETTLE_EVERY = 10_000;

export interface SeriesUpkeepOptions {
	/** At most this many versions a bucket (`BUCKET_CAPACITY`). */
	bucketCapacity?: number;
	/** Settle once this many version writes are noted (`SETTLE_EVERY`). */
	settleSeriesEvery?: number;
}

/** A transaction that notes its version writes, and `settle`, which brings the buckets up to date. */
export function keepingSeries(
	tx: StoreTx,
	{
		bucketCapacity: capacity = BUCKET_CAPACITY,
		settleSeriesEvery: settleEvery = SETTLE_EVERY
	}: SeriesUpkeepOptions = {}
): { tx: StoreTx; settle: () => Promise<void> } {
	const changes = new Map<string, Change>();
	// Rows read before their first write: that write's `before`, without reading the row again (a
	// registration reads the version it checks for, then writes it). Copied as they arrive, before the
	// reader can change them.
	const read = new Map<string, Promise<ModelVersion | undefined>>();
	// The buckets of the first few rows read, asked for with them: a registration then waits once for
	// its reads, not once more for its bucket (a row read in a write transaction is mostly written).
	const prefetched = new Map<string, Promise<SeriesBucket | undefined>>();
	const forgetBuckets = () => {
		prefetched.clear();
		for (const change of changes.values()) delete change.bucket;
	};
	const note = (
		model: string,
		version: string,
		after: ModelVersion | undefined,
		replacing?: { row: ModelVersion | undefined }
	) => {
		const id = `${model}\u0000${version}`;
		const known = changes.get(id);
		if (known) known.after = after;
		else {
			const before =
				read.get(id) ?? (replacing ? Promise.resolve(replacing.row) : tx.getVersion(model, version));
			// Awaited when the buckets are settled; a transaction that fails first must not leave it unhandled.
			before.catch(() => undefined);
			const key = semverKey(version);
			const bucket =
				changes.size < LOOKUP_ONE_BY_ONE ? (prefetched.get(id) ?? tx.seriesBucketAt(model, key)) : undefined;
			bucket?.catch(() => undefined);
			changes.set(id, { model, key, before, after, bucket });
		}
	};
	const noting: StoreTx = Object.assign(Object.create(tx) as StoreTx, {
		getVersion: (model, version) => {
			const row = tx.getVersion(model, version);
			const id = `${model}\u0000${version}`;
			if (!changes.has(id) && !read.has(id)) {
				read.set(
					id,
					row.then((found) => found && structuredClone(found))
				);
				if (prefetched.size < LOOKUP_ONE_BY_ONE && parseSemver(version)) {
					const bucket = tx.seriesBucketAt(model, semverKey(version));
					bucket.catch(() => undefined);
					prefetched.set(id, bucket);
				}
			}
			return row;
		},
		putVersion: (version) => {
			note(version.modelName, version.version, version);
			return tx.putVersion(version);
		},
		putVersions: (versions, replacing) => {
			versions.forEach((version, i) =>
				note(version.modelName, version.version, version, replacing && { row: replacing[i] })
			);
			const written = tx.putVersions(versions, replacing);
			// One settling asked for at a time: the writes noted meanwhile wait for the next.
			if (changes.size < settleEvery || settlingEarly) return written;
			settlingEarly = true;
			return Promise.all([written, settle().finally(() => (settlingEarly = false))]).then(() => undefined);
		},
		deleteVersion: (model, version) => {
			note(model, version, undefined);
			return tx.deleteVersion(model, version);
		},
		// Buckets written in the work (a repair rebuilding them) make any bucket read before stale.
		putSeriesBuckets: (buckets) => {
			forgetBuckets();
			return tx.putSeriesBuckets(buckets);
		},
		deleteSeriesBuckets: (model, froms) => {
			forgetBuckets();
			return tx.deleteSeriesBuckets(model, froms);
		},
		clear: () => {
			changes.clear();
			read.clear();
			prefetched.clear();
			return tx.clear();
		}
	} satisfies Partial<StoreTx>);

	// One settling at a time, in the order asked: each starts from the buckets the one before left.
	let settling = Promise.resolve();
	let settlingEarly = false;
	const settle = () => (settling = settling.then(settleNoted));

	async function settleNoted(): Promise<void> {
		// A row read before its first write is that write's `before`; once settled, a later write of
		// it replaces what this transaction wrote, so it is read again.
		read.clear();
		const byModel = new Map<string, Change[]>();
		for (const change of changes.values()) {
			const list = byModel.get(change.model) ?? [];
			list.push(change);
			byModel.set(change.model, list);
		}
		changes.clear();
		for (const [model, list] of byModel) {
			const settled = await Promise.all(list.map(async (c) => ({ ...c, before: await c.before })));
			await settleModel(tx, model, settled.filter(concernsChart), capacity);
		}
		// Buckets asked for while this ran may predate what it wrote.
		forgetBuckets();
	}
	return { tx: noting, settle };
}

/** Whether a write can change what the chart shows: not an edit of tags or description. */
function concernsChart({ before, after }: Settled): boolean {
	if (!before || !after) return before !== after;
	return (
		before.stage !== after.stage ||
		JSON.stringify(metricEntries(before)) !== JSON.stringify(metricEntries(after))
	);
}

async function settleModel(tx: StoreTx, model: string, changes: Settled[], capacity: number): Promise<void> {
	if (changes.length === 0) return;
	const byKey = (a: Settled, b: Settled) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
	changes.sort(byKey);
	const everyBucket = changes.length > LOOKUP_ONE_BY_ONE;
	const buckets = everyBucket
		? await tx.seriesBuckets(model)
		: uniqueBuckets(await Promise.all(changes.map((c) => c.bucket ?? tx.seriesBucketAt(model, c.key))));
	const deleted = changes.filter((c) => c.before && !c.after).length;
	if (everyBucket && deleted === changes.length && deleted === sum(buckets.map((b) => b.count))) {
		// Every version went (the model was deleted): so do its buckets, without reading each.
		await tx.deleteSeriesBuckets(model);
		return;
	}
	if (buckets.length === 0) {
		// A model without buckets has no versions (a new model), unless its buckets are missing: then
		// every version it has is read.
		const fresh = changes.every((c) => !c.before);
		const versions = fresh
			? changes.flatMap((c) => (c.after ? [c.after] : []))
			: await tx.versionsInKeyRange(model, '');
		if (versions.length > 0) await tx.putSeriesBuckets(summarizeRun(model, '', versions, capacity));
		return;
	}
	for (const [bucket, inBucket] of groupByBucket(buckets, changes)) {
		const updated = inBucket.length === 1 ? await addedAlone(tx, bucket, inBucket[0] as Settled) : undefined;
		if (updated && updated.count <= capacity) {
			if (updated !== bucket) await tx.putSeriesBuckets([updated]);
			continue;
		}
		await resummarize(tx, bucket, capacity);
	}
}

/** The bucket each change falls in (the last one starting at or below its key), changes in key order. */
function groupByBucket(buckets: SeriesBucket[], changes: Settled[]): Map<SeriesBucket, Settled[]> {
	const groups = new Map<SeriesBucket, Settled[]>();
	let at = 0;
	for (const change of changes) {
		while (at + 1 < buckets.length && (buckets[at + 1] as SeriesBucket).from <= change.key) at++;
		const bucket = buckets[at] as SeriesBucket;
		groups.set(bucket, [...(groups.get(bucket) ?? []), change]);
	}
	return groups;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function uniqueBuckets(found: Array<SeriesBucket | undefined>): SeriesBucket[] {
	const byFrom = new Map<string, SeriesBucket>();
	for (const bucket of found) if (bucket) byFrom.set(bucket.from, bucket);
	return [...byFrom.values()].sort((a, b) => (a.from < b.from ? -1 : 1));
}

/**
 * The bucket after one change made without reading its versions, or undefined when that cannot be
 * done: the change removes or moves a kept point (what else is kept is unknown), or removes the
 * bucket's last version. Answers the bucket itself when nothing it keeps changes.
 */
async function addedAlone(
	tx: StoreTx,
	bucket: SeriesBucket,
	change: Settled
): Promise<SeriesBucket | undefined> {
	const { key, before, after } = change;
	if (before && bucket.points.some((p) => p.key === key)) return undefined;
	if (!after && key === bucket.last) return undefined;
	const shift = !before ? 1 : !after ? -1 : 0;
	const points = bucket.points.map((p) => (p.key > key && shift ? { ...p, offset: p.offset + shift } : p));
	const updated = {
		...bucket,
		count: bucket.count + shift,
		last: bucket.last > key ? bucket.last : key,
		points
	};
	if (after) {
		const candidate = pointOf(after, -1, key);
		updated.points = keptPoints([...points, candidate]);
		if (updated.points.includes(candidate)) {
			candidate.offset =
				!before && key > bucket.last
					? bucket.count
					: await tx.countVersionsInKeyRange(bucket.model, bucket.from, key);
		} else if (shift === 0) {
			return bucket;
		}
	}
	return updated;
}

/** Reads the bucket's versions and writes it again: split when over capacity, gone when empty. */
async function resummarize(tx: StoreTx, bucket: SeriesBucket, capacity: number): Promise<void> {
	const next = await tx.seriesBucketAfter(bucket.model, bucket.from);
	const versions = await tx.versionsInKeyRange(bucket.model, bucket.from, next?.from);
	// The first bucket stays while later ones exist, so that every key has a bucket.
	if (versions.length === 0 && (bucket.from !== '' || !next)) {
		await tx.deleteSeriesBuckets(bucket.model, [bucket.from]);
		return;
	}
	await tx.putSeriesBuckets(summarizeRun(bucket.model, bucket.from, versions, capacity));
}
