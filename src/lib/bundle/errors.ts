import { RegistryError, type ErrorDetails } from '../registry';

/** Every way a bundle can be wrong is one error code, with a message that names what and where. */
export function bundleInvalid(message: string, details: ErrorDetails = {}): RegistryError {
	return new RegistryError('BUNDLE_INVALID', message, details);
}

/** Re-labels a validation failure inside the manifest as a bundle error that says where it is. */
export function inManifest(error: unknown): unknown {
	if (error instanceof RegistryError && error.code === 'INVALID_INPUT') {
		return bundleInvalid(`manifest.json: ${error.message}`, error.details);
	}
	return error;
}
