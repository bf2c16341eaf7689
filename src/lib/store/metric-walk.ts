import type { MetricDirection } from '../registry';

type MetricKey = [model: string, metric: string, value: number];

/**
 * The primary keys of each model's best versions by `metric` (ties included), from the
 * `[model, metric, value]` index without reading a row or stepping through a model's versions: one
 * bounded key cursor a model, all issued at once, each reading its first key and the keys that tie it.
 *
 * Why not one cursor seeking from model to model with `continue(key)`: each seek waits for the one
 * before it, and Chromium serves them one round trip at a time (measured at 200,000 versions over 1,001
 * models: 0.5 s forwards, 2.2 s backwards, against 0.17 s for cursors issued together).
 */
export async function bestKeysOfEachModel(
	index: IDBIndex,
	models: readonly string[],
	metric: string,
	direction: MetricDirection
): Promise<IDBValidKey[]> {
	const order = direction === 'lower' ? 'next' : 'prev';
	const best = await Promise.all(
		models.map((model) =>
			tiedRun(
				index.openKeyCursor(IDBKeyRange.bound([model, metric, -Infinity], [model, metric, Infinity]), order)
			)
		)
	);
	return best.flat();
}

/** The primary keys of the cursor's first key and of those after it with the same value. */
function tiedRun(request: IDBRequest<IDBCursor | null>): Promise<IDBValidKey[]> {
	return new Promise((resolve, reject) => {
		const keys: IDBValidKey[] = [];
		let first: number | undefined;
		request.onerror = () => reject(request.error);
		request.onsuccess = () => {
			const cursor = request.result;
			if (!cursor) return resolve(keys);
			const value = (cursor.key as MetricKey)[2];
			if (first !== undefined && value !== first) return resolve(keys);
			first = value;
			keys.push(cursor.primaryKey);
			cursor.continue();
		};
	});
}
