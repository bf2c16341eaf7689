/**
 * Long work the page can watch and stop. Each task runs under the page's `taskId` with its own
 * AbortController, so `cancel(taskId)` reaches it wherever it is — also while it still waits in the
 * write queue — and progress crosses the worker boundary at a bounded rate.
 */
import { RegistryError } from '../registry';
import { PROGRESS_THROTTLE_MS, type ProgressListener } from './contract';

export class Tasks {
	private readonly running = new Map<string, AbortController>();

	/** Runs `start` with a signal that `cancel(taskId)` aborts; without a taskId it cannot be cancelled. */
	run<T>(taskId: string | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
		const controller = new AbortController();
		if (taskId) this.running.set(taskId, controller);
		return start(controller.signal).finally(() => {
			if (taskId) this.running.delete(taskId);
		});
	}

	/** Aborts the task; a task that already ended (or never started) is left alone. */
	cancel(taskId: string): void {
		this.running.get(taskId)?.abort(new RegistryError('CANCELLED', 'Cancelled.'));
	}
}

/**
 * At most one report per PROGRESS_THROTTLE_MS, but always the first and the last: each report is
 * a message across the worker boundary, and hashing reports every chunk.
 */
export function throttled(listener: ProgressListener | undefined): ProgressListener | undefined {
	if (!listener) return undefined;
	let last = -Infinity;
	return (done, total, file) => {
		const now = performance.now();
		if (done === 0 || done >= total || now - last >= PROGRESS_THROTTLE_MS) {
			last = now;
			void listener(done, total, file);
		}
	};
}
