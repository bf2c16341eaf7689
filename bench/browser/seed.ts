/**
 * Test data written straight through the store port: much faster than registering one version at a
 * time, and the same rows the registry would write (the store computes the SemVer key itself).
 */
import type { DexieModelStore, ModelSnapshot, ModelVersion, RegisteredModel } from '../../src/lib';

export const SEED_START = Date.parse('2026-01-01T00:00:00Z');

/** Version `i` of `model`: SemVer and creation order both follow `i`, one second apart. */
export function versionRecord(model: string, i: number): ModelVersion {
	const version = `${Math.floor(i / 1000)}.${i % 1000}.0`;
	const iso = new Date(SEED_START + i * 1000).toISOString();
	return {
		modelName: model,
		version,
		fullName: `${model}:${version}`,
		stage: 'development',
		framework: 'pytorch',
		metrics: { accuracy: (i % 1000) / 1000, custom: { loss: 1 / (i + 1) } },
		parameters: { lr: 0.001, layers: [64, 32] },
		tags: { run: String(i), team: 'bench' },
		description: `Run ${i}`,
		createdAt: iso,
		updatedAt: iso
	};
}

/** The history event registering a version appends, as a snapshot carries it (no id, no model). */
export function registeredEvent(version: ModelVersion): ModelSnapshot['history'][number] {
	return { at: version.createdAt, kind: 'version.registered', version: version.version, after: version };
}

/**
 * Writes `count` versions of one model in large transactions, then its summary record. With
 * `history`, also the registration event of each version, as a registry that was used holds them:
 * pages that read a model's history then pay what they would pay in real use.
 */
export async function seedModel(
	store: DexieModelStore,
	model: string,
	count: number,
	{ history = false } = {}
): Promise<void> {
	const BATCH = 20_000;
	for (let start = 0; start < count; start += BATCH) {
		await store.write(async (tx) => {
			// Issued together, not awaited one by one: IndexedDB queues them in one transaction.
			const writes: Promise<unknown>[] = [];
			for (let i = start; i < Math.min(count, start + BATCH); i++) {
				const version = versionRecord(model, i);
				writes.push(tx.putVersion(version));
				if (history) writes.push(tx.appendEvent({ ...registeredEvent(version), model }));
			}
			await Promise.all(writes);
		});
	}
	await store.write((tx) => tx.putModel(modelRecord(model, count, versionRecord(model, count - 1))));
}

/** The record of a model of `count` versions in development, whose latest is `last`. */
export function modelRecord(model: string, count: number, last: ModelVersion): RegisteredModel {
	return {
		name: model,
		description: '',
		tags: {},
		createdAt: new Date(SEED_START).toISOString(),
		updatedAt: last.createdAt,
		versionCount: count,
		stageCounts: { development: count, staging: 0, production: 0, archived: 0 },
		latestVersion: last.version,
		framework: last.framework,
		aliases: {}
	};
}
