/**
 * "Storage is full" that says how much is needed and how much is free. It is checked before slow
 * work starts (hashing a 1 GB file only to be refused is a poor experience), and said again if the
 * browser refuses the write itself: its QuotaExceededError names neither figure, and the browser's
 * estimate can promise more than the disk holds (Chromium reports a share of the whole disk).
 */
import { RegistryError } from '../registry';
import { formatBytes } from '../registry/units';

/** Room the records around the bytes take (version, summary, history); generous on purpose. */
const RECORD_ALLOWANCE = 64 * 1024;

const WHAT_TO_DO =
	'Nothing was saved. Delete versions you no longer need, or free space on the disk, then try again.';

export type Estimate = () => Promise<StorageEstimate | undefined>;

// `globalThis.navigator`, not `navigator`: Node 20 has none, and the unit tests run the api in Node.
const browserEstimate: Estimate = async () =>
	globalThis.navigator?.storage?.estimate?.().catch(() => undefined);

async function freeBytes(estimate: Estimate): Promise<number | undefined> {
	const figures = await estimate();
	if (figures?.quota === undefined) return undefined;
	return Math.max(0, figures.quota - (figures.usage ?? 0));
}

/** Runs `work`, which stores about `bytes` bytes, unless the browser's quota cannot take them. */
export async function withRoomFor<T>(
	bytes: number,
	work: () => Promise<T>,
	estimate: Estimate = browserEstimate
): Promise<T> {
	const needed = bytes + RECORD_ALLOWANCE;
	// Asking costs a round trip to the browser; records alone are small enough to just try.
	const free = bytes > 0 ? await freeBytes(estimate) : undefined;
	if (free !== undefined && needed > free) {
		throw new RegistryError(
			'STORAGE_FULL',
			`Storage is full: this needs ${formatBytes(needed)}, but only ${formatBytes(free)} is free. ${WHAT_TO_DO}`,
			{ needed, free }
		);
	}
	try {
		return await work();
	} catch (error) {
		if (!(error instanceof RegistryError && error.code === 'STORAGE_FULL')) throw error;
		const reported = await freeBytes(estimate);
		throw new RegistryError(
			'STORAGE_FULL',
			`Storage is full: this needs ${formatBytes(needed)}, and the browser refused to store it` +
				(reported === undefined
					? '. '
					: ` (it reports ${formatBytes(reported)} free for this app, but the disk or its quota holds less). `) +
				WHAT_TO_DO,
			{ needed, ...(reported !== undefined && { free: reported }) }
		);
	}
}

/** The size of whatever a caller passed as a file's content; the registry validates the type itself. */
export function artifactBytes(artifact: unknown): number {
	if (artifact instanceof Blob) return artifact.size;
	if (artifact instanceof ArrayBuffer || ArrayBuffer.isView(artifact)) return artifact.byteLength;
	return 0;
}

/** The bytes a registration brings: its one artifact, or all of its files. */
export function registrationBytes(input: { artifact?: unknown; files?: unknown }): number {
	const files = Array.isArray(input.files) ? (input.files as Array<{ content?: unknown } | null>) : [];
	return artifactBytes(input.artifact) + files.reduce((sum, file) => sum + artifactBytes(file?.content), 0);
}
