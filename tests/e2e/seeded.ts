import { seededRandom } from '../../src/lib/random';
import { FUZZ_SEED } from '../unit/seed';

export { FUZZ_SEED };

/**
 * Repeatable choices for the browser fuzz tests: the same FUZZ_SEED (fixed by default, see
 * tests/unit/seed.ts) makes the same sequence of interruptions and operations; each `stream` name
 * gets a sequence of its own, so adding draws to one test does not reshuffle another.
 */
export class SeededRandom {
	/** The same numbers in [0, 1) on every machine. */
	readonly next: () => number;

	constructor(seed: number, stream: string) {
		let state = seed >>> 0;
		for (const char of stream) state = Math.imul(state ^ char.charCodeAt(0), 0x9e3779b1) >>> 0;
		this.next = seededRandom(state);
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick() from an empty list');
		return items[Math.floor(this.next() * items.length)]!;
	}

	/** One of `choices`, each as likely as its weight. */
	weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
		let roll = this.next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
		for (const [choice, weight] of choices) {
			roll -= weight;
			if (roll < 0) return choice;
		}
		return choices.at(-1)![0];
	}
}
