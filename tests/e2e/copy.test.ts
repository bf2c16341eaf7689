import { createHash } from 'node:crypto';
import { expect, registerThroughForm, test } from './fixtures';

test('name:version, the SHA-256 and a snippet that checks and opens the artifact copy in one click', async ({
	app,
	page,
	context
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await app.open();
	await registerThroughForm(page, {
		name: 'churn',
		version: '1.0.0',
		file: { name: 'model.pkl', buffer: Buffer.from('model bytes') }
	});
	const status = page.getByRole('status', { name: 'Copy status' });
	const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
	const sha = (await page.getByRole('region', { name: 'Artifact' }).locator('code.hash').textContent())!;
	expect(sha).toBe(createHash('sha256').update('model bytes').digest('hex'));

	await page.getByRole('button', { name: 'Copy churn:1.0.0' }).click();
	await expect(status).toHaveText('Copied churn:1.0.0.');
	expect(await clipboard()).toBe('churn:1.0.0');

	await page.getByRole('button', { name: 'Copy SHA-256 of model.pkl' }).click();
	await expect(status).toHaveText('Copied the SHA-256 of model.pkl.');
	expect(await clipboard()).toBe(sha);

	await page.getByRole('button', { name: 'Copy Python snippet' }).click();
	await expect(status).toHaveText('Copied the Python snippet.');
	const snippet = await clipboard();
	expect(snippet).toContain('path = "model.pkl"');
	expect(snippet).toContain(`"model.pkl": "${sha}",`);
	await page.getByText('Python snippet: check the downloaded files and open it').click();
	await expect(page.getByRole('region', { name: 'Artifact' }).locator('pre')).toHaveText(snippet);
});

test('where the clipboard is unavailable, copying says so instead of pretending', async ({ app, page }) => {
	// As in a browser without the Clipboard API here (some refuse it from file://).
	await page.addInitScript(() =>
		Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })
	);
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	await page.getByRole('button', { name: 'Copy churn:1.0.0' }).click();
	await expect(page.getByRole('status', { name: 'Copy status' })).toHaveText(
		'Could not copy churn:1.0.0: this browser does not allow it here. Select the text and copy it.'
	);
});
