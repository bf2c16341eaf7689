import { expect, registerThroughForm, test } from './fixtures';

test('versions are found across models by text, stage, tag and metric range, and stay current', async ({
	app,
	page
}) => {
	await app.open();
	await page.getByRole('button', { name: 'Load sample data' }).click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
	await page.getByRole('link', { name: 'Find versions' }).click();
	await expect(page.getByText('150 versions match')).toBeVisible();

	await page.getByLabel('Search versions').fill('risk');
	await expect(page.getByText('60 versions match')).toBeVisible();
	await page.getByLabel('Stage').selectOption('production');
	await expect(page.getByText('1 version matches')).toBeVisible();
	await expect(page.getByRole('table', { name: 'Matching versions' }).getByRole('row').nth(1)).toContainText(
		'fraud-detector'
	);

	await page.getByLabel('Search versions').fill('');
	await page.getByLabel('Stage').selectOption('');
	await page.getByLabel('Tag', { exact: true }).fill('team=growth');
	await expect(page.getByText('24 versions match')).toBeVisible();
	await page.getByLabel('Metric').selectOption('accuracy');
	await page.getByLabel('At least').fill('0.9');
	const values = page.getByRole('table', { name: 'Matching versions' }).locator('td.number');
	// The table shows the previous results until the new ones arrive: wait until every row qualifies.
	await expect
		.poll(async () => {
			const shown = await values.allInnerTexts();
			return shown.length > 0 && shown.every((value) => Number(value) >= 0.9);
		})
		.toBe(true);
	await page.getByLabel('At least').fill('lots');
	await expect(page.getByText('At least must be a number.')).toBeVisible();

	// A new version shows up in the next search: the in-memory index follows every change.
	await registerThroughForm(page, { name: 'new-model', version: '1.0.0', tags: { team: 'risk' } });
	await page.getByRole('link', { name: 'Find versions' }).click();
	await page.getByLabel('Search versions').fill('risk');
	await expect(page.getByText('61 versions match')).toBeVisible();
});
