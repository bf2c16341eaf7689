// The built app (build/) as the startup and browse benchmarks open it: served over http, and loaded in
// fresh pages that say when what the user waits for is on screen.
export { serveFolder } from '../scripts/static-host.mjs';

/**
 * Waits until `ready(arg)`, run in the page at every animation frame, returns a number — by convention
 * the page's `performance.now()` at that frame — and returns it. Reading the clock in the same frame as
 * the check leaves out the round trip back to Node.
 */
export async function waitForTime(page, ready, arg) {
	return (await page.waitForFunction(ready, arg, { polling: 'raf' })).jsonValue();
}

/**
 * Opens `url` in a fresh page and times it from navigation start until `ready` holds (see waitForTime),
 * next to the same load's DOMContentLoaded (the shell parsed and its script run): the in-run baseline.
 * The page stays open for the caller to use and close.
 */
export async function timeLoad(context, url, ready, arg) {
	const page = await context.newPage();
	// Poll from the first frame of the new document, not from its load event: rows may come sooner.
	await page.goto(url, { waitUntil: 'commit' });
	const readyMs = await waitForTime(page, ready, arg);
	const domContentLoadedMs = await waitForTime(
		page,
		() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd || false
	);
	return { page, readyMs, domContentLoadedMs };
}
