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
