import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, registerThroughForm, test } from './fixtures';

const waitForServiceWorker = (page: Page) => page.waitForFunction(() => !!navigator.serviceWorker.controller);

test('after one visit over http the app works offline, reloads included', async ({ app, page, context }) => {
	await app.open();
	await waitForServiceWorker(page);
	await registerThroughForm(page, { name: 'online', version: '1.0.0' });

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'online:1.0.0' })).toBeVisible();
	await registerThroughForm(page, {
		name: 'offline',
		version: '1.0.0',
		file: { name: 'w.bin', buffer: Buffer.alloc(2048, 3) }
	});
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
	await expect(page.getByRole('table').getByRole('rowheader')).toHaveText(['offline', 'online']);
	await app.open('/models/online');
	await expect(page.getByRole('heading', { level: 1, name: 'online' })).toBeVisible();
});

/** Where each link of the header is on screen. */
const headerLinks = (page: Page) =>
	page
		.getByRole('banner')
		.getByRole('link')
		.evaluateAll((links) => links.map((link) => JSON.stringify(link.getBoundingClientRect())));

test('Chromium finds the served app installable, offers to install without moving a link, and its icons load', async ({
	playwright,
	baseURL,
	app,
	page: neverInstallable
}, testInfo) => {
	// Installability needs a real profile: Chromium never offers to install from an incognito one.
	const context = await playwright.chromium.launchPersistentContext(testInfo.outputPath('profile'), {
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(baseURL!);
	await waitForServiceWorker(page);
	const cdp = await page.context().newCDPSession(page);
	const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
	expect(installabilityErrors).toEqual([]);
	// The offer comes a moment after the page is drawn, often between a person's aim and click: the
	// links must be where they are on a page that never offers it (same size, an incognito profile).
	await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible();
	await app.open('/', neverInstallable);
	await expect(neverInstallable.getByRole('button', { name: 'Install app' })).toBeHidden();
	expect(await headerLinks(page)).toEqual(await headerLinks(neverInstallable));
	const manifest = await page.evaluate(async () => (await fetch('manifest.webmanifest')).json());
	expect(manifest).toMatchObject({ name: 'Model Registry', display: 'standalone', start_url: './' });
	for (const icon of manifest.icons as Array<{ src: string; sizes: string }>) {
		const response = await page.request.get(new URL(icon.src, page.url()).href);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('image/png');
		expect((await response.body()).subarray(1, 4).toString()).toBe('PNG');
	}
	await context.close();
});

/** A static server whose folder can be swapped, as a deployment swaps the files behind a URL. */
function serve(): { server: Server; port: Promise<number>; setRoot(dir: string): void } {
	let root = '';
	const types: Record<string, string> = {
		'.html': 'text/html',
		'.js': 'text/javascript',
		'.webmanifest': 'application/manifest+json',
		'.png': 'image/png',
		'.svg': 'image/svg+xml'
	};
	const server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
		try {
			if (!statSync(file).isFile()) throw new Error('not a file');
			response.writeHead(200, {
				'content-type': types[extname(file)] ?? 'application/octet-stream',
				'cache-control': 'no-cache'
			});
			response.end(readFileSync(file));
		} catch {
			response.writeHead(404).end();
		}
	});
	const port = new Promise<number>((done) =>
		server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port))
	);
	return { server, port, setRoot: (dir) => (root = dir) };
}

test('a new deployment shows "A new version is available", and reloading keeps the data', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	const build = (version: string) => {
		const dir = resolve(testInfo.outputPath(`app-${version}`));
		execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], {
			env: { ...process.env, BUILD_DIR: dir, APP_VERSION: version },
			stdio: 'pipe'
		});
		return dir;
	};
	const [first, second] = [build('test-first'), build('test-second')];
	const host = serve();
	host.setRoot(first);
	const url = `http://127.0.0.1:${await host.port}/`;
	try {
		await page.goto(url);
		await waitForServiceWorker(page);
		await registerThroughForm(page, { name: 'kept', version: '1.0.0' });
		await page.getByRole('link', { name: 'Settings' }).click();
		await expect(page.getByText('Version test-first.')).toBeVisible();

		host.setRoot(second);
		await page.getByRole('button', { name: 'Check for updates' }).click();
		const banner = page.getByRole('status').filter({ hasText: 'A new version is available.' });
		await expect(banner).toBeVisible();
		await banner.getByRole('button', { name: 'Reload' }).click();
		await expect(page.getByText('Version test-second.')).toBeVisible();
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
		await expect(page.getByRole('row', { name: /kept/ })).toBeVisible();
	} finally {
		host.server.close();
	}
});
