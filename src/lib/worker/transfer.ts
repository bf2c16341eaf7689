/**
 * Bundles in and out: export, and import in two steps — a preview the user reads (the bundle is
 * read, validated and planned; nothing is written) and an apply they confirm, which reads the bundle
 * again inside its transaction. The worker holds each preview's opened file until it is applied or
 * discarded.
 */
import { RegistryError, type ConflictPolicy, type ModelRegistry, type SnapshotPart } from '../registry';
import { handOver } from './hand-over';
import { writeBundle } from '../bundle/export';
import { bundleParts, openBundle, verifiedArtifacts, type OpenedBundle } from '../bundle/import';
import { IMPORT_LOCK, type ProgressListener, type RegistryApi } from './contract';
import { withRoomFor, type Estimate } from './storage-room';
import { throttled, type Tasks } from './tasks';
import type { Write } from './write-queue';

/** Runs `work` while holding a lock that every tab of the app shares. */
export type Lock = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * The Web Locks lock named IMPORT_LOCK, so two tabs never interleave their imports. Node has no
 * `navigator` (the unit tests run the api in-process, as one tab), so there the work runs directly:
 * one tab's write queue already runs its own imports one at a time.
 */
export const importLock: Lock = (work) =>
	globalThis.navigator?.locks ? navigator.locks.request(IMPORT_LOCK, work) : work();

export interface TransferParts {
	registry: ModelRegistry;
	write: Write;
	tasks: Tasks;
	lock: Lock;
	estimate?: Estimate;
}

export type TransferApi = Pick<
	RegistryApi,
	'exportBundle' | 'previewImport' | 'applyImport' | 'discardImport'
>;

export function createTransfer({ registry, write, tasks, lock, estimate }: TransferParts): TransferApi {
	/** Bundles read and planned, waiting for the user to confirm the import, with how many versions they hold. */
	const previews = new Map<string, { bundle: OpenedBundle; versions: number }>();

	/** The bytes of a bundle's artifacts this registry does not hold yet: what an import adds. */
	async function newArtifactBytes(bundle: OpenedBundle): Promise<number> {
		const missing = await registry.missingArtifacts(bundle.entries.keys());
		return missing.reduce((bytes, sha256) => bytes + bundle.entries.get(sha256)!.uncompressedSize, 0);
	}

	/** Verifies the previewed bundle's artifacts and imports it, in this tab's write queue and under the lock. */
	async function applyPreview(
		importId: string,
		policy: ConflictPolicy,
		signal: AbortSignal,
		onProgress: ProgressListener | undefined
	) {
		const preview = previews.get(importId);
		if (!preview)
			throw new RegistryError('NOT_FOUND', 'This import is no longer open. Choose the bundle again.');
		const { bundle, versions } = preview;
		const progress = throttled(onProgress);
		const result = await withRoomFor(
			await newArtifactBytes(bundle),
			async () => {
				// Progress in two stretches: the artifacts' bytes hashed, then the versions applied.
				const artifacts = await verifiedArtifacts(bundle, { signal, onProgress: progress });
				if (signal.aborted)
					throw new RegistryError('CANCELLED', 'The import was cancelled; nothing was changed.');
				const source = bundle.file instanceof File ? bundle.file.name : undefined;
				// A second pass over the bundle, read a part at a time inside the import's one transaction.
				return registry.importSnapshots(bundleParts(bundle), {
					policy,
					artifacts,
					source,
					signal,
					onVersions: (taken) => progress?.(taken, versions)
				});
			},
			estimate
		);
		previews.delete(importId);
		return result;
	}

	return {
		exportBundle: (selection, target, taskId, onProgress) =>
			tasks.run(taskId, async (signal) => {
				const output = await target?.createWritable();
				const progress = throttled(onProgress);
				// The registry is read a part at a time, in one read transaction, as the zip asks for lines.
				// Progress in two stretches: the versions written to the manifest, then the artifacts' bytes.
				let total = 0;
				let given = 0;
				const { items, result } = handOver((give: (part: SnapshotPart) => Promise<void>) =>
					registry.exportParts(
						selection,
						(part) => {
							given += part.versions.length;
							progress?.(given, total);
							return give(part);
						},
						(versions) => (total = versions)
					)
				);
				// A failed read fails the manifest's stream, and so the export; the error is reported there.
				result.catch(() => undefined);
				try {
					return await writeBundle(items, () => result, output, { signal, onProgress: progress });
				} catch (error) {
					// Leave no half-written bundle behind.
					await output?.abort().catch(() => undefined);
					throw error;
				}
			}),
		previewImport: async (file) => {
			const bundle = await openBundle(file);
			// One pass over the bundle, a part at a time: the worker keeps only the opened file.
			const plan = await registry.planImport(bundleParts(bundle));
			const { newVersions, identical, conflicting } = plan.counts;
			const importId = crypto.randomUUID();
			previews.set(importId, { bundle, versions: newVersions + identical + conflicting });
			return {
				importId,
				plan,
				// Set by the pass just made.
				generator: bundle.header!.generator,
				exportedAt: bundle.header!.exportedAt,
				models: plan.models.length,
				versions: newVersions + identical + conflicting,
				artifacts: bundle.entries.size,
				artifactBytes: [...bundle.entries.values()].reduce((sum, e) => sum + e.uncompressedSize, 0)
			};
		},
		applyImport: (importId, policy, taskId, onProgress) =>
			tasks.run(taskId, (signal) =>
				write(
					() => lock(() => applyPreview(importId, policy, signal, onProgress)),
					(result) => (result.models > 0 ? { kind: 'imported' } : undefined)
				)
			),
		discardImport: async (importId) => {
			previews.delete(importId);
		}
	};
}
