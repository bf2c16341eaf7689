// Startup of the built app with 1,000 models: from disk (file://) and from the service-worker cache.
// Each figure is the median of several fresh page loads in a persistent profile, next to the same
// loads' DOMContentLoaded (the shell parsed and its script run) as the in-run baseline.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serveFolder, timeLoad } from './app.mjs';
import { median } from './measure.js';

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
		const load = await timeLoad(
			context,
			url,
			() => !!document.querySelector('tbody tr') && performance.now()
		);
		listReady.push(load.readyMs);
		shellReady.push(load.domContentLoadedMs);
		await load.page.close();
	}
	await context.close();
	return { listReadyMs: median(listReady, 1), domContentLoadedMs: median(shellReady, 1), runs };
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

	const server = await serveFolder(resolve(root, 'build'));
	try {
		const http = server.url;
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
		await server.close();
	}
}
