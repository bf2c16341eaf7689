/** The closed set of failures a caller can tell apart. */
export const ERROR_CODES = [
	'NOT_FOUND',
	'DUPLICATE_VERSION',
	'INVALID_INPUT',
	'STORAGE_FULL',
	'BUNDLE_INVALID',
	'CONFLICT',
	'CANCELLED',
	/** Another system (an MLflow server) refused, failed or could not be reached; `details.reason` says how. */
	'REMOTE',
	'INTERNAL'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
	/** Path of the offending field, e.g. `metrics.custom.auc`. */
	field?: string;
	/** The rule the field broke, e.g. `semver`, `finite-number`. */
	rule?: string;
	[key: string]: unknown;
}

/** The one error type the registry throws on purpose; anything else is a bug. */
export class RegistryError extends Error {
	override readonly name = 'RegistryError';

	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly details: ErrorDetails = {}
	) {
		super(message);
	}

	static is(error: unknown, code?: ErrorCode): error is RegistryError {
		return error instanceof RegistryError && (code === undefined || error.code === code);
	}
}

export function invalidInput(field: string, rule: string, message: string, extra: ErrorDetails = {}) {
	return new RegistryError('INVALID_INPUT', `${field}: ${message}`, { ...extra, field, rule });
}

export function notFound(message: string, details: ErrorDetails = {}) {
	return new RegistryError('NOT_FOUND', message, details);
}

export const versionNotFound = (name: string, version: string) =>
	notFound(`Version ${version} of model ${name} does not exist.`, { model: name, version });

export const modelNotFound = (name: string) => notFound(`Model ${name} does not exist.`, { model: name });
