import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.beforeEach(async ({ app, page }) => {
	await app.open();
	await page.getByRole('button', { name: 'Load sample data' }).click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
});

/** The numbers in a table column, as a person reads them. */
async function columnValues(table: Locator, column: number): Promise<number[]> {
	const cells = await table.getByRole('row').locator(`td:nth-child(${column})`).allInnerTexts();
	return cells.map(Number);
}

/** Where the chart's description says its value axis runs, and where its bars start. */
async function axisOf(page: Page, chart: Locator) {
	await expect(chart).toHaveAccessibleDescription(/axis runs from/);
	const description = (await chart.getAttribute('aria-describedby'))!;
	const text = await page.locator(`[id="${description}"]`).innerText();
	const [, min, max] = /axis runs from (-?\d+(?:\.\d+)?) to (-?\d+(?:\.\d+)?)/.exec(text)!;
	const [, start] = /bars start at (-?\d+(?:\.\d+)?)/.exec(text)!;
	return { min: Number(min), max: Number(max), start: Number(start), text };
}

test('the bars start near the lowest value shown, and the chart says where', async ({ app, page }) => {
	await app.open('/leaderboard?model=churn-classifier');
	const chart = page.getByRole('figure', { name: 'Top 20 by Accuracy' });
	await expect(chart).toBeVisible();
	await page.getByRole('button', { name: 'Show data table' }).click();
	const values = await columnValues(page.getByRole('table', { name: 'Top 20 by Accuracy, as charted' }), 5);
	expect(values).toHaveLength(20);
	const lowest = Math.min(...values);
	const highest = Math.max(...values);

	const axis = await axisOf(page, chart);
	// Not from zero: the axis starts a little below the lowest bar and ends a little above the highest.
	expect(axis.start).toBe(axis.min);
	expect(axis.min).toBeGreaterThan(0);
	expect(axis.min).toBeLessThan(lowest);
	expect(axis.max).toBeGreaterThanOrEqual(highest);
	expect(lowest - axis.min).toBeLessThan(highest - lowest);
	expect(axis.text).toContain('not at zero');

	// A metric where lower is better is fitted the same way.
	await page.getByLabel('Metric').selectOption('mse');
	await page.getByLabel('Rank').selectOption('demand-forecast');
	const mse = page.getByRole('figure', { name: 'Top 20 by mse' });
	await expect(page.getByText('Ranked by mse: lower is better for demand-forecast.')).toBeVisible();
	const mseValues = await columnValues(page.getByRole('table', { name: 'Leaderboard by mse' }), 5);
	const charted = mseValues.slice(0, 20);
	expect(charted).toEqual([...charted].sort((a, b) => a - b));
	const mseAxis = await axisOf(page, mse);
	expect(mseAxis.min).toBeGreaterThan(0);
	expect(mseAxis.min).toBeLessThan(Math.min(...charted));
	expect(mseAxis.max).toBeGreaterThanOrEqual(Math.max(...charted));
});

test('the metric and the model ranked are kept in the address', async ({ app, page }) => {
	await app.open('/leaderboard');
	await page.getByLabel('Metric').selectOption({ label: 'F1 score' });
	await page.getByLabel('Rank').selectOption('churn-classifier');
	await expect(page).toHaveURL(/#\/leaderboard\?metric=f1Score&model=churn-classifier$/);
	const board = page.getByRole('table', { name: 'Leaderboard by F1 score' });
	await expect(board.getByRole('row')).toHaveCount(25);

	await page.reload();
	await expect(page.getByLabel('Metric')).toHaveValue('f1Score');
	await expect(page.getByLabel('Rank')).toHaveValue('churn-classifier');
	await expect(board.getByRole('row')).toHaveCount(25);

	// A shared address opens as it was sent.
	await app.open('/leaderboard?metric=recall&model=fraud-detector');
	await expect(page.getByLabel('Metric')).toHaveValue('recall');
	await expect(page.getByLabel('Rank')).toHaveValue('fraud-detector');
	await expect(
		page.getByRole('table', { name: 'Leaderboard by Recall' }).getByRole('rowheader').first()
	).toHaveText('fraud-detector');

	// Back to the defaults, the address is the page's own again.
	await page.getByLabel('Rank').selectOption('');
	await expect(page).toHaveURL(/#\/leaderboard\?metric=recall$/);
});

test('an address naming a metric or a model the registry does not have says so and ranks by default', async ({
	app,
	page
}) => {
	await app.open('/leaderboard?metric=no_such_metric&model=ghost');
	const said = page.getByRole('status').filter({ hasText: 'No version has a metric named “no_such_metric”' });
	await expect(said).toContainText('ranked by Accuracy instead');
	await expect(said).toContainText('There is no model named “ghost”; ranked the best version of every model');
	await expect(page.getByLabel('Metric')).toHaveValue('accuracy');
	await expect(page.getByLabel('Rank')).toHaveValue('');
	await expect(
		page.getByRole('table', { name: 'Leaderboard by Accuracy' }).getByRole('rowheader')
	).toHaveText(['churn-classifier', 'image-tagger']);

	// Choosing a metric replaces the one that was not there, and the message goes.
	await page.getByLabel('Metric').selectOption('aucRoc');
	await expect(page).toHaveURL(/\?metric=aucRoc&model=ghost$/);
	await expect(page.getByText('No version has a metric named')).toBeHidden();
});
