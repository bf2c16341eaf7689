/**
 * One write at a time from this tab (IndexedDB orders this tab's writes against other tabs'), and
 * after each, the change announced to every tab — this tab's page included — on the BroadcastChannel.
 */
import type { ChangeTrackingStore } from '../registry/change-tracking-store';
import type { RegistryChange } from './contract';

/** Runs `work` after every earlier write; `change` says what to announce when it succeeds. */
export type Write = <T>(
	work: () => Promise<T>,
	change: (result: T) => RegistryChange | undefined
) => Promise<T>;

export function createWriteQueue(tracked: ChangeTrackingStore, channel: BroadcastChannel): Write {
	let queue: Promise<unknown> = Promise.resolve();

	/**
	 * Tells every tab what committed, listing the versions when they are few: a change touching more
	 * than the tracker remembers (a big import, a wipe) is announced without the list.
	 */
	function announce(change: RegistryChange | undefined): void {
		const touched = tracked.takeTouched();
		if (!change && touched !== 'all' && touched.length === 0) return; // a failure that committed nothing
		const versions = touched === 'all' ? undefined : touched;
		channel.postMessage({ kind: 'interrupted', ...change, versions } satisfies RegistryChange);
	}

	return <T>(work: () => Promise<T>, change: (result: T) => RegistryChange | undefined) => {
		const result = queue.then(work);
		// The next write waits for this one, failed or not; the failure itself reaches the caller through `result`.
		queue = result.catch(() => undefined);
		return result.then(
			(value) => {
				announce(change(value));
				return value;
			},
			(error: unknown) => {
				// A failed write committed nothing, but announcing what the tracker saw costs nothing and stays safe.
				announce(undefined);
				throw error;
			}
		);
	};
}
