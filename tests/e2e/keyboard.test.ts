import { expect, registerThroughForm, test } from './fixtures';

test('"Compare selected" is reached by the keyboard, says why it cannot compare yet, then compares', async ({
	app,
	page
}) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0', metrics: { Accuracy: '0.9' } });
	await registerThroughForm(page, { name: 'churn', version: '1.1.0', metrics: { Accuracy: '0.92' } });
	await page.getByRole('link', { name: 'churn', exact: true }).click();

	// The table's last row is 1.0.0: its box, then its link, then the compare bar.
	await page.getByLabel('Select 1.0.0 for comparison').focus();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	const compare = page.getByRole('button', { name: 'Compare selected (0)' });
	await expect(compare).toBeFocused();
	await expect(compare).toHaveAttribute('aria-disabled', 'true');
	await expect(compare).toHaveAccessibleDescription('Tick at least two versions to compare them.');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'churn' })).toBeVisible();

	await page.getByLabel('Select 1.1.0 for comparison').check();
	await expect(page.getByRole('button', { name: 'Compare selected (1)' })).toHaveAttribute(
		'aria-disabled',
		'true'
	);
	await page.getByLabel('Select 1.0.0 for comparison').check();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Compare selected (2)' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#\/compare\/churn%3A1\.0\.0\/churn%3A1\.1\.0$/);
});

const focusedIsBody = (page: import('@playwright/test').Page) =>
	page.evaluate(() => document.activeElement === document.body || document.activeElement === null);

test('focus stays where the work goes on: after register, move, promote, alias changes and edits', async ({
	app,
	page
}) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	await expect(page.getByRole('heading', { level: 1, name: 'churn:1.0.0' })).toBeFocused();

	const move = page.getByRole('button', { name: 'Move', exact: true });
	await page.getByLabel('Move to stage').selectOption('staging');
	await move.click();
	await expect(page.getByText('Moved churn:1.0.0 to staging.')).toBeVisible();
	await expect(move).toBeFocused();

	await page.getByLabel('Move to stage').selectOption('production');
	await move.click();
	await page.getByRole('dialog').getByRole('button', { name: 'Promote to production' }).click();
	await expect(page.getByText('Moved churn:1.0.0 to production.')).toBeVisible();
	await expect(move).toBeFocused();

	await page.getByLabel('New alias').fill('champion');
	await page.getByRole('button', { name: 'Set alias' }).click();
	await expect(page.getByRole('button', { name: 'Remove alias champion' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Set alias' })).toBeFocused();
	await page.getByRole('button', { name: 'Remove alias champion' }).click();
	await expect(page.getByText('No alias points at this version.')).toBeVisible();
	await expect(page.getByLabel('New alias')).toBeFocused();

	await page.getByRole('button', { name: 'Edit description' }).click();
	await page.getByLabel('Description (Markdown)').fill('Predicts churn.');
	await page.getByRole('button', { name: 'Save description' }).click();
	await expect(page.getByText('Predicts churn.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Edit description' })).toBeFocused();

	await page.getByRole('button', { name: 'Edit tags' }).click();
	await page.getByRole('button', { name: 'Add a tag' }).click();
	await page.getByLabel('Tag name 1').fill('team');
	await page.getByRole('button', { name: 'Save tags' }).click();
	await expect(page.getByRole('list', { name: 'Tags' })).toContainText('team');
	await expect(page.getByRole('button', { name: 'Edit tags' })).toBeFocused();
	await page.getByRole('button', { name: 'Edit tags' }).click();
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByRole('button', { name: 'Edit tags' })).toBeFocused();
	expect(await focusedIsBody(page)).toBe(false);
});

test('a model page’s versions are a few Tab presses away', async ({ app, page }) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0', description: 'A model.' });
	await app.open('/models/churn');
	await expect(page.getByRole('table', { name: 'Versions' })).toBeVisible();
	const skip = page.getByRole('button', { name: 'Skip to versions' });
	// Skip to content, the brand, eight navigation links, then this page's first control.
	for (let presses = 0; presses < 11; presses++) await page.keyboard.press('Tab');
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: 'Versions', exact: true })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('combobox', { name: 'Order' })).toBeFocused();
	// The table's scroll region (focusable, to scroll a wide table by keyboard), then its sort buttons.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('region', { name: 'Versions table' })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Version', exact: true })).toBeFocused();
});
