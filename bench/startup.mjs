// Startup of the built app with 1,000 models: from disk (file://) and from the service-worker cache.
// Each figure is the median of several fresh page loads in a persistent profile, next to the same
// loads' DOMContentLoaded (the shell parsed and its script run) as the in-run baseline.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES = {
	'.html': 'text/html',
	'.js': 'text/javascript',
	'.webmanifest': 'application/manifest+json',
	'.png': 'image/png',
	'.svg': 'image/svg+xml'
};

function serve(root) {
	const server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
		if (!existsSync(file) || !statSync(file).isFile()) return response.writeHead(404).end();
		response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
		response.end(readFileSync(file));
	});
	return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return Number((sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2).toFixed(1));
};

async function measure(chromium, launchOptions, profile, url, bundlePath, runs, waitForServiceWorker) {
	rmSync(profile, { recursive: true, force: true });
	const context = await chromium.launchPersistentContext(profile, launchOptions);
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(`${url}#/transfer`);
	await page.getByLabel('Bundle file').setInputFiles(bundlePath);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.getByText(/^Imported 1000 models/).waitFor({ timeout: 120_000 });
	if (waitForServiceWorker) await page.waitForFunction(() => !!navigator.serviceWorker.controller);
	const listReady = [];
	const shellReady = [];
	for (let i = 0; i < runs; i++) {
		const fresh = await context.newPage();
		await fresh.goto(url);
		await fresh.waitForFunction(() => document.querySelectorAll('tbody tr').length > 0, undefined, {
			polling: 'raf'
		});
		const [ready, dcl] = await fresh.evaluate(() => [
			performance.now(),
			performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0
		]);
		listReady.push(ready);
		shellReady.push(dcl);
		await fresh.close();
	}
	await context.close();
	return { listReadyMs: median(listReady), domContentLoadedMs: median(shellReady), runs };
}

/** Runs in the bench's own page (bench/browser) to make the bundle, then loads the real build. */
export async function startupScenario({ chromium, launchOptions, benchPage, root, runs }) {
	const build = resolve(root, 'build/index.html');
	if (!existsSync(build)) throw new Error('Run `npm run build` before the startup benchmark.');
	const html = readFileSync(build);
	const bundlePath = resolve(root, 'bench/.out/startup-1000.zip');
	writeFileSync(
		bundlePath,
		Buffer.from(await benchPage.evaluate(() => window.bench.startupBundle(1000)), 'base64')
	);

	const server = await serve(resolve(root, 'build'));
	try {
		const http = `http://127.0.0.1:${server.address().port}/`;
		return {
			models: 1000,
			buildBytes: html.length,
			buildGzipBytes: gzipSync(html).length,
			fromDisk: await measure(
				chromium,
				launchOptions,
				resolve(root, 'bench/.profile-disk'),
				pathToFileURL(build).href,
				bundlePath,
				runs,
				false
			),
			fromServiceWorker: await measure(
				chromium,
				launchOptions,
				resolve(root, 'bench/.profile-sw'),
				http,
				bundlePath,
				runs,
				true
			)
		};
	} finally {
		server.close();
	}
}
