import { expect, test } from './fixtures';

test('an empty registry explains itself and offers the first steps', async ({ app, page }) => {
	await app.open();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Register a model' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Load sample data' })).toBeEnabled();
});
