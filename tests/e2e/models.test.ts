import { expect, test } from './fixtures';

test.describe('the model list', () => {
	test.beforeEach(async ({ app, page }) => {
		await app.open();
		await page.getByRole('button', { name: 'Load sample data' }).click();
		await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
	});

	test('lists every model with its latest and production versions', async ({ page }) => {
		const rows = page.getByRole('table').getByRole('row');
		await expect(rows).toHaveCount(6);
		const fraud = page.getByRole('row', { name: /fraud-detector/ });
		await expect(fraud.getByRole('cell').nth(0)).toHaveText('1.19.1');
		await expect(fraud.getByRole('cell').nth(1)).toHaveText('1.19.0');
		await expect(fraud.getByRole('cell').nth(2)).toHaveText('60');
		await expect(fraud.getByRole('cell').nth(3)).toHaveText('pytorch');
	});

	test('searches as you type, filters by stage and framework, and sorts', async ({ page }) => {
		const names = page.getByRole('table').getByRole('rowheader');
		await page.getByLabel('Search models').fill('RISK');
		await expect(names).toHaveText(['fraud-detector']);
		await page.getByLabel('Search models').fill('');
		await page.getByLabel('Framework').selectOption('onnx');
		await expect(names).toHaveText(['image-tagger']);
		await page.getByLabel('Framework').selectOption('sklearn');
		await page.getByLabel('Stage').selectOption('production');
		await expect(names).toHaveText(['churn-classifier']);
		await page.getByLabel('Framework').selectOption('');
		await page.getByLabel('Stage').selectOption('');
		await page.getByLabel('Sort by').selectOption({ label: 'Name (Z–A)' });
		await expect(names).toHaveText([
			'search-reranker',
			'image-tagger',
			'fraud-detector',
			'demand-forecast',
			'churn-classifier'
		]);
		await page.getByLabel('Search models').fill('no such model');
		await expect(page.getByText('No models match these filters.')).toBeVisible();
		await page.getByRole('button', { name: 'Clear filters' }).click();
		await expect(names).toHaveCount(5);
	});

	test('opens a model and pages through its versions', async ({ page }) => {
		await page.getByRole('link', { name: 'fraud-detector' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'fraud-detector' })).toBeVisible();
		const versions = page.getByRole('table', { name: 'Versions' }).getByRole('rowheader');
		await expect(versions).toHaveCount(50);
		await expect(versions.first()).toHaveText(/^1\.19\.1\s*latest$/);
		await page.getByRole('button', { name: 'Last' }).click();
		await expect(page.getByText('Page 2 of 2')).toBeVisible();
		await expect(versions).toHaveCount(10);
		await expect(versions.last()).toHaveText('1.0.0-rc.1');
		await page.getByLabel('Order').selectOption({ label: 'Lowest version first' });
		await expect(versions.first()).toHaveText('1.0.0-rc.1');
	});

	test('deep links open a model and a version directly', async ({ app, page }) => {
		await app.open('/models/churn-classifier/versions/1.7.0');
		await expect(page.getByRole('heading', { level: 1, name: 'churn-classifier:1.7.0' })).toBeVisible();
		await expect(page.getByText('production', { exact: true }).first()).toBeVisible();
		await app.open('/models/nobody');
		await expect(page.getByText('There is no model called nobody.')).toBeVisible();
	});
});
