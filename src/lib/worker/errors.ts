/**
 * RegistryError crosses the worker boundary as plain data and is rebuilt on the other side.
 * Comlink's default `throw` handler keeps only `message` and `name`; the `code` and `details`
 * a caller branches on would be lost. Both sides import this module, which installs the handler.
 */
import * as Comlink from 'comlink';
import { ERROR_CODES, RegistryError, type ErrorCode, type ErrorDetails } from '../registry';

interface SerializedError {
	code: ErrorCode;
	message: string;
	details: ErrorDetails;
}

const defaultHandler = Comlink.transferHandlers.get('throw') as Comlink.TransferHandler<
	{ value: unknown },
	unknown
>;

/** Anything that is not already a RegistryError is a bug: it crosses as INTERNAL, with its message. */
export function toRegistryError(error: unknown): RegistryError {
	if (error instanceof RegistryError) return error;
	const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return new RegistryError('INTERNAL', `Something went wrong inside the registry (${message}).`);
}

function isSerialized(value: unknown): value is { registryError: SerializedError } {
	const inner = (value as { registryError?: SerializedError } | null)?.registryError;
	return !!inner && ERROR_CODES.includes(inner.code);
}

Comlink.transferHandlers.set('throw', {
	canHandle: defaultHandler.canHandle,
	serialize({ value }: { value: unknown }) {
		const error = toRegistryError(value);
		// Details are data the registry made (strings, numbers): structured-clone them as they are.
		return [{ registryError: { code: error.code, message: error.message, details: error.details } }, []];
	},
	deserialize(serialized: unknown) {
		if (isSerialized(serialized)) {
			const { code, message, details } = serialized.registryError;
			throw new RegistryError(code, message, details);
		}
		return defaultHandler.deserialize(serialized);
	}
} as Comlink.TransferHandler<{ value: unknown }, unknown>);
