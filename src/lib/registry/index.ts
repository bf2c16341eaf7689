export * from './types';
export { RegistryError, ERROR_CODES, type ErrorCode, type ErrorDetails } from './errors';
export { ModelRegistry, type RegistryOptions } from './registry';
export type { PreparedRegistration, RegistryBatch } from './batch';
export { InMemoryModelStore } from './memory-store';
export type { IntegrityProblem, IntegrityReport, ProblemKind } from './integrity';
export type {
	BestQuery,
	ModelStore,
	StoreTx,
	Range,
	Scan,
	Upload,
	CountedSelector,
	OrderedSelector,
	SearchKey,
	Selected,
	VersionKey,
	VersionSelector,
	VersionWalk
} from './store';
export { parseSemver, compareSemver, semverKey, suggestSemver, nextVersions } from './semver';
export { MODEL_ORDERS, VERSION_ORDERS } from './order';
export * from './metrics';
export * from './metric-labels';
export * from './transfer';
export {
	summarize,
	sameSummary,
	keptInProduction,
	type ModelSummary,
	type PromotionEvidence
} from './summary';
export {
	EVENT_KIND_LABELS,
	EVENT_KINDS,
	describeEventKind,
	importedVersions,
	type ImportedVersions,
	isRegistryEventKind
} from './events';
export { MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT } from './validate';
export { MAX_BULK_VERSIONS } from './bulk';
export { fileHashes } from './artifact';
export { BUCKET_CAPACITY, summarizeBucket, type SeriesBucket, type SeriesPoint } from './series-summary';
export { keepingSeries, type SeriesUpkeepOptions } from './series-upkeep';
export {
	MAX_FILES,
	MAX_PATH_CHARS,
	MAX_PATH_SEGMENT_CHARS,
	pathProblem,
	baseName,
	safeFileName
} from './file-paths';
export {
	textGrams,
	needleGrams,
	GRAM_CHARS,
	LONG_TEXT,
	INDEXED_FIELD_CHARS,
	type TextToken
} from './text-grams';
