import { execFile } from 'node:child_process';
import { cp, readFile, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { serveFolder } from '../../scripts/static-host.mjs';
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

const execFileAsync = promisify(execFile);

/** What a build reads from the project; node_modules is linked, not copied. */
const PROJECT_FILES = [
	'src',
	'static',
	'package.json',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json'
];

/**
 * Builds the app as `version` in a copy of the project under `dir`, and returns the output folder:
 * a build writes .svelte-kit/ and its output, and neither may be the checkout's, which the rest of
 * the suite reads.
 */
async function buildDeployment(dir: string, version: string): Promise<string> {
	const project = join(dir, 'project');
	for (const file of PROJECT_FILES) await cp(file, join(project, file), { recursive: true });
	await symlink(resolve('node_modules'), join(project, 'node_modules'), 'dir');
	const folder = join(dir, version);
	await execFileAsync('npx', ['vite', 'build', '--logLevel', 'error'], {
		cwd: project,
		env: { ...process.env, BUILD_DIR: folder, APP_VERSION: version }
	});
	return folder;
}

test('a new deployment shows "A new version is available", and reloading keeps the data', async ({
	page
}, testInfo) => {
	// A build, on a machine that may be busy.
	test.setTimeout(180_000);
	// The first deployment is the build the suite tests; the second, another build of the same code.
	const first = process.env.E2E_BUILD_DIR!;
	const firstVersion = JSON.parse(await readFile(join(first, '_app/version.json'), 'utf8')).version;
	const second = await buildDeployment(testInfo.outputPath(), 'test-second');
	const host = await serveFolder(first);
	try {
		await page.goto(host.url);
		await waitForServiceWorker(page);
		await registerThroughForm(page, { name: 'kept', version: '1.0.0' });
		await page.getByRole('link', { name: 'Settings' }).click();
		await expect(page.getByText(`Version ${firstVersion}.`)).toBeVisible();

		host.setRoot(second);
		await page.getByRole('button', { name: 'Check for updates' }).click();
		const banner = page.getByRole('status').filter({ hasText: 'A new version is available.' });
		await expect(banner).toBeVisible();
		await banner.getByRole('button', { name: 'Reload' }).click();
		await expect(page.getByText('Version test-second.')).toBeVisible();
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
		await expect(page.getByRole('row', { name: /kept/ })).toBeVisible();
	} finally {
		await host.close();
	}
});
