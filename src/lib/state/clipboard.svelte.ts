/**
 * One-click copy, with what happened in words for a live region. Where the Clipboard API is missing or
 * refused (an insecure origin, a browser's file:// rules, a denied permission) the person is told to
 * select the text instead: the copy is never said to work when it did not.
 */
export class ClipboardCopy {
	#status = $state('');

	/** The last copy's outcome, e.g. "Copied churn:1.0.0." */
	get status(): string {
		return this.#status;
	}

	async copy(text: string, what: string): Promise<boolean> {
		try {
			if (!navigator.clipboard?.writeText) throw new Error('no Clipboard API');
			await navigator.clipboard.writeText(text);
			this.#status = `Copied ${what}.`;
			return true;
		} catch (error) {
			console.warn('Copy failed:', error);
			this.#status = `Could not copy ${what}: this browser does not allow it here. Select the text and copy it.`;
			return false;
		}
	}
}
