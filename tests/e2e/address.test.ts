import { expect, test } from './fixtures';

// What a person chose on a page survives a reload and can be sent to someone else as the address.
test.describe('state kept in the address', () => {
	test.beforeEach(async ({ app, page }) => {
		await app.open();
		await page.getByRole('button', { name: 'Load sample data' }).click();
		await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
	});

	test('the model list keeps its search, filters and order', async ({ app, page }) => {
		const names = page.getByRole('table').getByRole('rowheader');
		await page.getByLabel('Framework').selectOption('sklearn');
		await page.getByLabel('Sort by').selectOption({ label: 'Name (Z–A)' });
		await page.getByLabel('Search models').fill('churn');
		await expect(names).toHaveText(['churn-classifier']);
		await expect(page).toHaveURL(/#\/\?text=churn&framework=sklearn&order=name-desc$/);

		await page.reload();
		await expect(page.getByLabel('Search models')).toHaveValue('churn');
		await expect(page.getByLabel('Framework')).toHaveValue('sklearn');
		await expect(page.getByLabel('Sort by')).toHaveValue('name-desc');
		await expect(names).toHaveText(['churn-classifier']);

		// A shared address opens as it was sent; a value the page does not know is left at its default.
		await app.open('/?framework=onnx&order=sideways');
		await expect(page.getByLabel('Framework')).toHaveValue('onnx');
		await expect(page.getByLabel('Sort by')).toHaveValue('name-asc');
		await expect(names).toHaveText(['image-tagger']);
		await page.getByRole('link', { name: 'Register', exact: true }).click();
		await expect(page.getByLabel('Model name')).toBeVisible();
	});

	test('following a link to the same page with other parameters applies them', async ({ page }) => {
		await page.getByLabel('Search models').fill('fraud');
		await expect(page).toHaveURL(/\?text=fraud$/);
		await page.getByRole('link', { name: 'Models', exact: true }).click();
		await expect(page.getByLabel('Search models')).toHaveValue('');
		await expect(page.getByRole('table').getByRole('rowheader')).toHaveCount(5);
	});

	test('opened at the bare address (no route yet), filters still go into it and links still work', async ({
		app,
		page
	}) => {
		await page.goto(app.url().replace(/#.*$/, ''));
		await page.getByLabel('Search models').fill('fraud');
		await expect(page).toHaveURL(/#\/\?text=fraud$/);
		await page.getByRole('link', { name: 'Register', exact: true }).click();
		await expect(page.getByLabel('Model name')).toBeVisible();
		await page.goBack();
		await expect(page.getByLabel('Search models')).toHaveValue('fraud');
	});
});
