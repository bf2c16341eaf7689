import { untrack } from 'svelte';
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { hashQuery, queryString, withQuery, type AddressState } from '../state/address';

/**
 * Keeps a page's state in its address, both ways: the address a person arrives with (typed,
 * shared, reloaded, or a link followed to this same page) sets the state, and every change to the
 * state rewrites the address. Changes replace the history entry rather than add one: a filter
 * being typed is not a page to go Back through. Call during component initialisation.
 */
export function keepInAddress(state: AddressState): void {
	// `page.url` is a new object after every navigation, even to the same address, and stays as it
	// is after the shallow `replaceState` below: so this runs for addresses that come from outside,
	// never for the ones written here. It reads `location`, because `page.url.hash` is decoded once
	// already ("a%26b" would read as two parameters).
	$effect.pre(() => {
		void page.url;
		untrack(() => state.applyAddress(hashQuery(location.hash)));
	});
	// The first run only reads: the address is already what the page opened with, and rewriting it
	// while SvelteKit's router is still starting left its links dead (seen from a bare "index.html").
	let opened = true;
	$effect(() => {
		const params = state.address;
		if (opened) {
			opened = false;
			return;
		}
		untrack(() => {
			// Compared by parameters, not whole addresses: an address with no hash yet ("index.html")
			// and no state to keep is left exactly as it is, for the router.
			if (hashQuery(location.hash).toString() === queryString(params)) return;
			replaceState(withQuery(location.hash, params), page.state);
		});
	});
}
