import { RegistryError } from '../registry';

/** Every error a person can meet, as a sentence that says what to do. */
export function describeError(error: unknown): string {
	if (error instanceof RegistryError) {
		switch (error.code) {
			case 'CANCELLED':
				return 'Cancelled. Nothing was changed.';
			case 'INTERNAL':
				return `${error.message} Nothing was changed. Reload the page and try again.`;
			default:
				return error.message;
		}
	}
	const text = error instanceof Error ? error.message : String(error);
	return `Something went wrong (${text}). Nothing was changed. Reload the page and try again.`;
}
