import type { IntegrityReport } from '../registry';
import { attempt } from './attempt';
import { client, registry } from './registry';
import { Task } from './task.svelte';

/** Settings → Check the registry: verify every invariant and artifact, and repair what can be. */
export class IntegrityCheck {
	#task = $state.raw<Task<IntegrityReport>>();
	#report = $state.raw<IntegrityReport>();
	#repaired = $state.raw<string[]>();

	/** The check under way, with its progress in artifact bytes hashed. */
	get task(): Task<IntegrityReport> | undefined {
		return this.#task;
	}

	/** The last check's findings. */
	get report(): IntegrityReport | undefined {
		return this.#report;
	}

	/** What the last repair did, one sentence each. */
	get repaired(): string[] | undefined {
		return this.#repaired;
	}

	get repairable() {
		return this.#report?.problems.filter((problem) => problem.repairable) ?? [];
	}

	async check(): Promise<void> {
		if (this.#task) return;
		await attempt(async () => {
			const task = new Task((progress) => client().verifyRegistry(progress));
			this.#task = task;
			this.#report = await task.settled;
		});
		this.#task = undefined;
	}

	/** Repairs, then checks again so the report shows what is left. */
	async repair(): Promise<void> {
		const repaired = await attempt(async () => {
			this.#repaired = await registry().repair();
		});
		if (repaired) await this.check();
	}
}
