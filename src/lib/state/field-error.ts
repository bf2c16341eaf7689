import { RegistryError } from '../registry';

/** An invalid input, addressed to the input it is about. */
export interface FieldError {
	/** The registry's path of the field, e.g. `alias`, `tags.team` or `metrics.custom.auc`. */
	field: string;
	/** The message without the path it starts with: the input it is shown at names the field already. */
	message: string;
}

/**
 * The one way a registry error reaches an input. An `INVALID_INPUT` error names its field in
 * `details.field` and its message starts with that path (`"alias: …"`); a taken version number is
 * about the version field. Anything else is not about an input (undefined): it is a notice.
 */
export function fieldError(error: unknown): FieldError | undefined {
	if (RegistryError.is(error, 'DUPLICATE_VERSION')) return { field: 'version', message: error.message };
	if (!RegistryError.is(error, 'INVALID_INPUT') || !error.details.field) return undefined;
	const field = error.details.field;
	const prefix = `${field}: `;
	const rest = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
	return { field, message: rest.charAt(0).toUpperCase() + rest.slice(1) };
}

/** For an input that holds rows (tags, custom metrics, parameters): the message keeps the key it is about. */
export function rowMessage({ field, message }: FieldError): string {
	return `${field}: ${message}`;
}
