/**
 * "Storage is full" that says how much is needed and how much is free: checked before slow work
 * starts (hashing a 1 GB file only to be refused is a poor experience), and said again if the
 * browser refuses the write itself, whose QuotaExceededError names neither figure.
 */
import { RegistryError } from '../registry';
import { formatBytes } from '../registry/units';

/** Room the records around the bytes take (version, summary, history); generous on purpose. */
const RECORD_ALLOWANCE = 64 * 1024;

async function freeBytes(): Promise<number | undefined> {
	const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
	if (estimate?.quota === undefined) return undefined;
	return Math.max(0, estimate.quota - (estimate.usage ?? 0));
}

function storageFull(needed: number, free: number): RegistryError {
	return new RegistryError(
		'STORAGE_FULL',
		`Storage is full: this needs ${formatBytes(needed)}, but only ${formatBytes(free)} is free. ` +
			'Nothing was saved. Delete versions you no longer need, or export a bundle and wipe, then try again.',
		{ needed, free }
	);
}

/** Runs `work`, which writes about `bytes` bytes, unless the browser's quota cannot take them. */
export async function withRoomFor<T>(bytes: number, work: () => Promise<T>): Promise<T> {
	const needed = bytes + RECORD_ALLOWANCE;
	const free = await freeBytes();
	if (free !== undefined && needed > free) throw storageFull(needed, free);
	try {
		return await work();
	} catch (error) {
		if (error instanceof RegistryError && error.code === 'STORAGE_FULL')
			throw storageFull(needed, (await freeBytes()) ?? 0);
		throw error;
	}
}

/** The size of whatever a caller passed as an artifact; the registry validates the type itself. */
export function artifactBytes(artifact: unknown): number {
	if (artifact instanceof Blob) return artifact.size;
	if (artifact instanceof ArrayBuffer || ArrayBuffer.isView(artifact)) return artifact.byteLength;
	return 0;
}
