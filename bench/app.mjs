// The built app (build/) as the startup and browse benchmarks open it: served over http, and loaded in
// fresh pages that say when what the user waits for is on screen.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

const TYPES = {
	'.html': 'text/html',
	'.js': 'text/javascript',
	'.webmanifest': 'application/manifest+json',
	'.png': 'image/png',
	'.svg': 'image/svg+xml'
};

/** Serves the folder `root` on a free port; each of `mounts` (e.g. `{'/__bench/': dir}`) from its own folder. */
export function serve(root, mounts = {}) {
	const server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		const [prefix, folder] = Object.entries(mounts).find(([p]) => path.startsWith(p)) ?? ['/', root];
		const rest = path.slice(prefix.length);
		const file = join(folder, rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest);
		if (!existsSync(file) || !statSync(file).isFile()) return response.writeHead(404).end();
		response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
		response.end(readFileSync(file));
	});
	return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

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
