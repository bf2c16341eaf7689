import { describeError } from './describe-error';

export interface Notice {
	id: number;
	kind: 'info' | 'error';
	text: string;
}

const NOTICE_MS = 6000;

/** Short messages at the edge of the screen: errors are handled once, here, as sentences. */
class Notices {
	#list = $state.raw<Notice[]>([]);
	#next = 1;

	get list(): Notice[] {
		return this.#list;
	}

	info(text: string) {
		this.#push('info', text);
	}

	error(error: unknown) {
		this.#push('error', describeError(error));
	}

	dismiss(id: number) {
		this.#list = this.#list.filter((notice) => notice.id !== id);
	}

	#push(kind: Notice['kind'], text: string) {
		const id = this.#next++;
		this.#list = [...this.#list, { id, kind, text }];
		if (kind === 'info') setTimeout(() => this.dismiss(id), NOTICE_MS);
	}
}

export const notices = new Notices();
