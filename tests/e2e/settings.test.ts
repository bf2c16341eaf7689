import { expect, registerThroughForm, test } from './fixtures';

test('settings show the space used and wipe everything after confirmation', async ({ app, page }) => {
	await app.open();
	await registerThroughForm(page, {
		name: 'churn',
		version: '1.0.0',
		file: { name: 'm.bin', buffer: Buffer.alloc(4096, 7) }
	});
	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	await expect(page.getByText(/used of .* this browser allows; .* left\./)).toBeVisible();
	await expect(page.getByRole('meter', { name: 'Space used by this app' })).toBeVisible();

	await page.getByRole('button', { name: 'Wipe everything' }).click();
	const dialog = page.getByRole('dialog', { name: 'Wipe the whole registry?' });
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await expect(page.getByRole('row', { name: /churn/ })).toBeVisible();

	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('button', { name: 'Wipe everything' }).click();
	await dialog.getByRole('button', { name: 'Wipe everything' }).click();
	await expect(page.getByText('The registry is empty now.')).toBeVisible();
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
});
