/**
 * Items handed from a producer that pushes to a consumer that pulls, one at a time: an export's read
 * transaction (which may wait on nothing but the store) gives parts to the zip writer (which asks
 * for bytes when it is ready). `give` resolves once the consumer has taken the item, so the producer
 * reads at most one item ahead. A consumer that stops early makes every `give` fail, so the producer
 * stops too and its transaction ends.
 */
export function handOver<T, R>(
	produce: (give: (item: T) => Promise<void>) => Promise<R>
): { items: AsyncIterable<T>; result: Promise<R> } {
	let offered: { item: T; taken: () => void; refused: (error: Error) => void } | undefined;
	let wake: (() => void) | undefined;
	let finished = false;
	let failure: { error: unknown } | undefined;
	let stopped = false;
	const stoppedError = () => new Error('The consumer stopped taking items.');

	const result = produce(
		(item) =>
			new Promise<void>((taken, refused) => {
				if (stopped) return refused(stoppedError());
				offered = { item, taken, refused };
				wake?.();
			})
	);
	result.then(
		() => {
			finished = true;
			wake?.();
		},
		(error: unknown) => {
			failure = { error };
			finished = true;
			wake?.();
		}
	);

	async function* items(): AsyncGenerator<T> {
		try {
			for (;;) {
				if (!offered && !finished) await new Promise<void>((resolve) => (wake = resolve));
				wake = undefined;
				if (offered) {
					const { item, taken } = offered;
					offered = undefined;
					taken();
					yield item;
				} else if (failure) {
					throw failure.error;
				} else {
					return;
				}
			}
		} finally {
			stopped = true;
			offered?.refused(stoppedError());
		}
	}
	return { items: items(), result };
}
