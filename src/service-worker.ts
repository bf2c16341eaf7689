/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline cache for the http(s) and installed app. The whole app is one index.html (inline
 * bundle) plus static files, so the cache holds the shell and every static file; hash routes never
 * reach the server, so every navigation is answered with the shell. A new deployment installs
 * beside the old one and waits until the page asks it to take over (the "Reload" prompt).
 */
import { base, build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `model-registry-${version}`;
const SHELL = `${base}/`;
// Under the inline bundle `build` can be empty: the shell is always cached explicitly.
const ASSETS = [...new Set([SHELL, ...build, ...files])];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			// `reload` skips the HTTP cache, so a new version never caches an old file.
			.then((cache) => cache.addAll(ASSETS.map((url) => new Request(url, { cache: 'reload' }))))
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			// The first install takes charge of open pages at once, so they work offline without a reload.
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if (event.data === 'skip-waiting') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET' || new URL(request.url).origin !== sw.location.origin) return;
	event.respondWith(
		(async () => {
			const cache = await caches.open(CACHE);
			const cached =
				request.mode === 'navigate'
					? await cache.match(SHELL)
					: await cache.match(request, { ignoreSearch: true });
			return cached ?? fetch(request);
		})()
	);
});
