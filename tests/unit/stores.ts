import { expect } from 'vitest';
import { DexieModelStore, InMemoryModelStore, RegistryError, type ModelStore } from '$lib';

let databases = 0;

/** A fresh IndexedDB database name per test, so tests never see each other's data. */
export const uniqueDatabaseName = () => `test-registry-${process.pid}-${++databases}`;

/** Both stores, so one contract suite runs against each and they cannot drift apart. */
export const STORES: Array<[string, () => ModelStore]> = [
	['InMemoryModelStore', () => new InMemoryModelStore()],
	['DexieModelStore', () => new DexieModelStore({ name: uniqueDatabaseName() })]
];

/** The RegistryError `promise` is refused with; fails the test if it resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<RegistryError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(RegistryError);
	return error as RegistryError;
}
