import { readFile } from 'node:fs/promises';
import { expect, FILE_URL, registerThroughForm, test } from './fixtures';

test('opened from disk, the registry and its artifacts survive closing the browser', async ({
	playwright
}, testInfo) => {
	const profile = testInfo.outputPath('profile');
	const launch = () =>
		playwright.chromium.launchPersistentContext(profile, {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
		});
	const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));

	const first = await launch();
	const page = first.pages()[0] ?? (await first.newPage());
	await page.goto(FILE_URL);
	await registerThroughForm(page, {
		name: 'from-disk',
		version: '1.0.0',
		file: { name: 'weights.bin', buffer: bytes }
	});
	await first.close();

	const second = await launch();
	const again = second.pages()[0] ?? (await second.newPage());
	await again.goto(`${FILE_URL}#/models/from-disk/versions/1.0.0`);
	await expect(again.getByRole('heading', { level: 1, name: 'from-disk:1.0.0' })).toBeVisible();
	const download = again.waitForEvent('download');
	await again.getByRole('button', { name: 'Download weights.bin' }).click();
	expect((await readFile(await (await download).path())).equals(bytes)).toBe(true);
	await again.getByRole('link', { name: 'Settings' }).click();
	await expect(
		again.getByText("You opened the app from a file on disk, so its data lives in this browser's storage")
	).toBeVisible();
	await second.close();
});
