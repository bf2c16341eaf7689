import { expect, registerThroughForm, test } from './fixtures';

test('no page logs an error to the console, opened from disk or served', async ({ app, page }) => {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
	});
	page.on('pageerror', (error) => errors.push(error.message));

	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0', metrics: { Accuracy: '0.9' } });
	await registerThroughForm(page, { name: 'churn', version: '1.1.0', metrics: { Accuracy: '0.92' } });
	const pages = [
		['/', 'Models'],
		['/models/churn', 'churn'],
		['/models/churn/versions/1.0.0', 'churn:1.0.0'],
		['/register', 'Register a version'],
		['/search', 'Find versions'],
		['/compare/churn%3A1.0.0/churn%3A1.1.0', /Compare/],
		['/leaderboard', 'Leaderboard'],
		['/transfer', /Import/],
		['/settings', 'Settings']
	] as const;
	for (const [route, heading] of pages) {
		await app.open(route);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
	}
	expect(errors).toEqual([]);
	// The icon is beside index.html wherever the app is opened from, not at the root of the disk.
	const icon = await page.locator('link[rel="icon"]').evaluate((link: HTMLLinkElement) => link.href);
	expect(icon).toBe(new URL('favicon.svg', page.url()).href);
});

test('the web manifest is linked only where the app can be installed: served, not from disk', async ({
	app,
	page
}, testInfo) => {
	await app.open();
	const manifest = page.locator('link[rel="manifest"]');
	if (testInfo.project.name === 'file') await expect(manifest).toHaveCount(0);
	else await expect(manifest).toHaveAttribute('href', './manifest.webmanifest');
});
