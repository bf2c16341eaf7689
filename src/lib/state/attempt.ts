import { fieldError, type FieldError } from './field-error';
import { notices } from './notices.svelte';

export interface AttemptOptions<T> {
	/** Said when the action succeeded; a function may decline (undefined) to say anything. */
	success?: string | ((value: T) => string | undefined);
	/**
	 * Given an error about an input (see `fieldError`) before it becomes a notice: a form shows it at
	 * its input and answers true; false lets it become a notice after all.
	 */
	onField?: (error: FieldError) => boolean;
}

/**
 * Runs an action a person started, and handles its failure once, here: an error about an input goes
 * to `onField`, anything else becomes an error notice in words. Resolves to whether it succeeded;
 * results the caller keeps are kept by the action itself.
 */
export async function attempt<T>(
	action: () => Promise<T>,
	options: AttemptOptions<T> = {}
): Promise<boolean> {
	let value: T;
	try {
		value = await action();
	} catch (error) {
		const field = options.onField && fieldError(error);
		if (!field || !options.onField?.(field)) notices.error(error);
		return false;
	}
	const { success } = options;
	const text = typeof success === 'function' ? success(value) : success;
	if (text) notices.info(text);
	return true;
}
