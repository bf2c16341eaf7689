// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface PageState {
			/** Set by a navigation that ends one piece of work: the new page's heading takes focus. */
			focusHeading?: boolean;
		}
	}
}

export {};
