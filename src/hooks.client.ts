import type { ClientInit } from '@sveltejs/kit';
import { repairHash } from '$lib/ui/route-params';

/**
 * Runs once before the router reads the address. A typed or bookmarked address with a malformed
 * escape would make the router throw and leave a blank page; it is replaced (in place, no new
 * history entry) by one the router can read, and the page then says nothing has that name.
 */
export const init: ClientInit = () => {
	const repaired = repairHash(location.hash);
	if (repaired !== undefined) history.replaceState(history.state, '', repaired);
};
