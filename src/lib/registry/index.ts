export * from './types';
export { RegistryError, ERROR_CODES, type ErrorCode, type ErrorDetails } from './errors';
export { ModelRegistry, type RegistryOptions } from './registry';
export { InMemoryModelStore } from './memory-store';
export type { ModelStore, StoreTx, Range, Scan } from './store';
export { parseSemver, compareSemver, semverKey, suggestSemver, nextVersions } from './semver';
export * from './metrics';
export * from './transfer';
export { MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT } from './validate';
