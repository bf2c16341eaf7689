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

test.describe('sorted and kept in the address', () => {
	test.beforeEach(async ({ app, page }) => {
		await app.open();
		await page.getByRole('button', { name: 'Load sample data' }).click();
		await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
		await app.open('/search');
		await expect(page.getByText('150 versions match')).toBeVisible();
	});

	test('results sort by model, version and the filtered metric, both ways', async ({ page }) => {
		const table = page.getByRole('table', { name: 'Matching versions' });
		const firstRow = table.getByRole('row').nth(1);
		const model = table.getByRole('columnheader', { name: 'Model' });
		await expect(model).toHaveAttribute('aria-sort', 'ascending');
		await model.getByRole('button').click();
		await expect(model).toHaveAttribute('aria-sort', 'descending');
		await expect(firstRow).toContainText('search-reranker');
		await expect(firstRow.getByRole('rowheader')).toHaveText('1.3.1');

		// Every version of every model: the highest first, then the lowest (ties by model name).
		const version = table.getByRole('columnheader', { name: 'Version', exact: true });
		await version.getByRole('button').click();
		await expect(version).toHaveAttribute('aria-sort', 'descending');
		await expect(model).not.toHaveAttribute('aria-sort');
		await expect(firstRow).toContainText('fraud-detector');
		await expect(firstRow.getByRole('rowheader')).toHaveText('1.19.1');
		await version.getByRole('button').click();
		await expect(version).toHaveAttribute('aria-sort', 'ascending');
		await expect(firstRow).toContainText('churn-classifier');
		await expect(firstRow.getByRole('rowheader')).toHaveText('1.0.0-rc.1');
		await expect(page).toHaveURL(/\/search\?sort=version-asc$/);

		// The filtered metric's column sorts too, best first (higher, for accuracy), over every match.
		await page.getByLabel('Metric').selectOption('accuracy');
		await expect(page.getByText('42 versions match')).toBeVisible();
		const accuracy = table.getByRole('columnheader', { name: 'Accuracy' });
		await accuracy.getByRole('button').click();
		await expect(accuracy).toHaveAttribute('aria-sort', 'descending');
		const values = table.locator('td.number');
		const sorted = (descending: boolean) => async () => {
			const shown = (await values.allInnerTexts()).map(Number);
			const expected = [...shown].sort((a, b) => (descending ? b - a : a - b));
			return shown.length === 42 && shown.every((value, i) => value === expected[i]);
		};
		await expect.poll(sorted(true)).toBe(true);
		await accuracy.getByRole('button').click();
		await expect(accuracy).toHaveAttribute('aria-sort', 'ascending');
		await expect.poll(sorted(false)).toBe(true);
	});

	test('every field, the sort and the page survive a reload and open from a shared address', async ({
		page
	}) => {
		const table = page.getByRole('table', { name: 'Matching versions' });
		const pages = page.getByRole('navigation', { name: 'Result pages' });
		await table.getByRole('columnheader', { name: 'Registered' }).getByRole('button').click();
		await pages.getByRole('button', { name: 'Next' }).click();
		await expect(pages.getByText('Page 2 of 3')).toBeVisible();
		await expect(page).toHaveURL(/\/search\?sort=registered-desc&page=2$/);
		await page.reload();
		await expect(pages.getByText('Page 2 of 3')).toBeVisible();
		await expect(table.getByRole('columnheader', { name: 'Registered' })).toHaveAttribute(
			'aria-sort',
			'descending'
		);

		await page.getByLabel('Search versions').fill('risk');
		await page.getByLabel('Stage').selectOption('archived');
		await page.getByLabel('Framework').selectOption('pytorch');
		await page.getByLabel('Tag', { exact: true }).fill('gpu=a100');
		await page.getByLabel('Metric').selectOption('aucRoc');
		await page.getByLabel('At least').fill('0.9');
		await page.getByLabel('At most').fill('0.95');
		await table.getByRole('columnheader', { name: 'AUC-ROC' }).getByRole('button').click();
		// Five archived fraud-detector versions have an AUC-ROC in range; the best first.
		const best = ['1.15.0', '1.13.0', '1.11.0', '1.9.0', '1.7.0'];
		await expect(table.getByRole('rowheader')).toHaveText(best);
		await expect(page).toHaveURL(
			/\?text=risk&stage=archived&framework=pytorch&tag=gpu%3Da100&metric=aucRoc&min=0.9&max=0.95&sort=metric%3AaucRoc-desc$/
		);
		const shared = page.url();

		await page.reload();
		await expect(page.getByLabel('Search versions')).toHaveValue('risk');
		await expect(page.getByLabel('Stage')).toHaveValue('archived');
		await expect(page.getByLabel('Framework')).toHaveValue('pytorch');
		await expect(page.getByLabel('Tag', { exact: true })).toHaveValue('gpu=a100');
		await expect(page.getByLabel('Metric')).toHaveValue('aucRoc');
		await expect(page.getByLabel('At least')).toHaveValue('0.9');
		await expect(page.getByLabel('At most')).toHaveValue('0.95');
		await expect(table.getByRole('columnheader', { name: 'AUC-ROC' })).toHaveAttribute(
			'aria-sort',
			'descending'
		);
		await expect(table.getByRole('rowheader')).toHaveText(best);

		// Opened by someone else: the same search.
		await page.goto('about:blank');
		await page.goto(shared);
		await expect(page.getByLabel('Metric')).toHaveValue('aucRoc');
		await expect(table.getByRole('rowheader')).toHaveText(best);
	});

	test('values an address cannot mean fall back to their defaults', async ({ app, page }) => {
		await app.open('/search?stage=live&framework=cobol&sort=sideways-up&page=zero&metric=accuracy&min=lots');
		await expect(page.getByLabel('Stage')).toHaveValue('');
		await expect(page.getByLabel('Framework')).toHaveValue('');
		await expect(page.getByLabel('Metric')).toHaveValue('accuracy');
		await expect(page.getByText('At least must be a number.')).toBeVisible();
		await expect(page.getByText('42 versions match')).toBeVisible();
		const model = page.getByRole('table', { name: 'Matching versions' }).getByRole('columnheader', {
			name: 'Model'
		});
		await expect(model).toHaveAttribute('aria-sort', 'ascending');

		await app.open('/search?metric=__proto__&sort=metric:__proto__-desc&page=99');
		await expect(page.getByLabel('Metric')).toHaveValue('');
		await expect(page.getByText('There are no versions on this page.')).toBeVisible();
		await page.getByRole('button', { name: 'Go to the first page' }).click();
		await expect(model).toHaveAttribute('aria-sort', 'ascending');
		await expect(
			page.getByRole('navigation', { name: 'Result pages' }).getByText('Page 1 of 3')
		).toBeVisible();
	});
});

test('a broad search counts a few pages ahead, and every match when asked, focus kept on the count', async ({
	app,
	page
}) => {
	// More versions than Find versions counts ahead of its page (500), brought in by a bundle.
	const versions = Array.from({ length: 620 }, (_, i) => ({ version: `1.${i}.0`, tags: { team: 'vision' } }));
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles({
		name: 'many.json',
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({
				format: 'model-registry-bundle',
				formatVersion: 1,
				models: [{ name: 'many', versions }]
			})
		)
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByText('Imported 1 model: 620 versions added, 0 replaced')).toBeVisible();

	await page.getByRole('link', { name: 'Find versions' }).click();
	await page.getByLabel('Tag', { exact: true }).fill('team');
	await expect(page.getByText('At least 500 versions match')).toBeVisible();
	const pages = page.getByRole('navigation', { name: 'Result pages' });
	await expect(pages.getByText('Page 1 of at least 10')).toBeVisible();

	await page.getByRole('button', { name: 'Count them all' }).click();
	await expect(page.getByText('620 versions match')).toBeVisible();
	await expect(page.getByText('620 versions match')).toBeFocused();
	await expect(pages.getByText('Page 1 of 13')).toBeVisible();

	// A stage is counted from the model's summary, which the import kept current.
	await page.getByLabel('Tag', { exact: true }).fill('');
	await page.getByLabel('Stage').selectOption('development');
	await expect(page.getByText('At least 500 versions match')).toBeVisible();
	await page.getByRole('button', { name: 'Count them all' }).click();
	await expect(page.getByText('620 versions match')).toBeVisible();

	// A changed field counts only ahead again.
	await page.getByLabel('Search versions').fill('1.');
	await expect(page.getByText(/^At least \d+ versions match/)).toBeVisible();

	// A model's name is counted from its summary as it is typed: exact at once, nothing left to count.
	await page.getByLabel('Search versions').fill('many');
	await expect(page.getByText('620 versions match')).toBeVisible();
	await expect(pages.getByText('Page 1 of 13')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Count them all' })).toBeHidden();
});
