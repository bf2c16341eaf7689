/**
 * Why a model file could not be read. The message is for a person ("could not read: …") and is shown on
 * the version page as it is; a reader throws nothing else for a bad file (anything else is a bug).
 */
export class FormatError extends Error {
	constructor(reason: string) {
		super(`could not read: ${reason}`);
		this.name = 'FormatError';
	}
}

/** Turns whatever a reader or a library threw into the page's "could not read: …" text. */
export function describeReadFailure(error: unknown): string {
	if (error instanceof FormatError) return error.message;
	// Libraries (js-yaml, protobufjs, @huggingface/gguf) throw their own errors on bad input: their text is
	// the best reason there is, but it is cut so a hostile file cannot fill the page.
	const text = error instanceof Error ? error.message : String(error);
	return `could not read: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}
