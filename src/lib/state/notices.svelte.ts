import { describeError } from './describe-error';

export interface Notice {
	id: number;
	kind: 'info' | 'error';
	text: string;
}

/**
 * Short messages at the top of the page: errors are handled once, here, as sentences.
 *
 * They take their own place in the page rather than float over it, so nothing times out: a notice that
 * vanished by itself would move the page under the pointer. An error stays until it is dismissed; a
 * success until it is dismissed, a newer one replaces it, or the person goes to another page.
 */
class Notices {
	#list = $state.raw<Notice[]>([]);
	#next = 1;

	get list(): Notice[] {
		return this.#list;
	}

	info(text: string) {
		// One success at a time: the newest says what was just done, and a stack would push the page down.
		this.#list = [...this.#list.filter((notice) => notice.kind === 'error'), this.#notice('info', text)];
	}

	error(error: unknown) {
		this.#list = [...this.#list, this.#notice('error', describeError(error))];
	}

	dismiss(id: number) {
		this.#list = this.#list.filter((notice) => notice.id !== id);
	}

	/** The person went to another page: what was said about the last one goes; errors wait to be read. */
	leftPage() {
		if (this.#list.some((notice) => notice.kind === 'info'))
			this.#list = this.#list.filter((notice) => notice.kind === 'error');
	}

	#notice(kind: Notice['kind'], text: string): Notice {
		return { id: this.#next++, kind, text };
	}
}

export const notices = new Notices();
