import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.beforeEach(async ({ app, page }) => {
	await app.open();
	await page.getByRole('button', { name: 'Load sample data' }).click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
});

/** How many distinct colours the canvas shows: a blank or failed chart has one or two. */
async function distinctColours(page: Page, name: string): Promise<number> {
	return page
		.getByRole('figure', { name })
		.locator('canvas')
		.evaluate((canvas: HTMLCanvasElement) => {
			const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
			const colours = new Set<number>();
			for (let i = 0; i < data.length; i += 16)
				colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
			return colours.size;
		});
}

async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
	const event = page.waitForEvent('download');
	await page.getByRole('button', { name: button }).click();
	const file = await event;
	return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

test('the trend chart plots one point per version and opens the version clicked', async ({ app, page }) => {
	await app.open('/models/churn-classifier');
	const chartName = 'Trend of accuracy across the versions of churn-classifier';
	await expect(page.getByRole('figure', { name: chartName })).toBeVisible();
	await expect.poll(() => distinctColours(page, chartName)).toBeGreaterThan(10);

	await page.getByRole('button', { name: 'Show data table' }).click();
	const table = page.getByRole('table', { name: /Accuracy \(higher is better ↑\) by version/ });
	await expect(table.getByRole('row')).toHaveCount(25);
	await expect(table.getByRole('row').nth(1)).toContainText('1.0.0-rc.1');

	const canvas = page.getByRole('figure', { name: chartName }).locator('canvas');
	const box = (await canvas.boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
	const tooltip = page.getByRole('status', { name: 'Point under the pointer' });
	await expect(tooltip).toContainText(/Version \S+ · \w+/);
	const version = /Version (\S+)/.exec((await tooltip.textContent()) ?? '')![1]!;
	await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
	await expect(page.getByRole('heading', { level: 1, name: `churn-classifier:${version}` })).toBeVisible();
});

test('the trend chart says the range its value axis shows and which colour is which stage', async ({
	app,
	page
}) => {
	await app.open('/models/churn-classifier');
	const chart = page.getByRole('figure', {
		name: 'Trend of accuracy across the versions of churn-classifier'
	});

	// A legend a person can read, in words beside each colour, and the same in the chart's description.
	const stages = chart.getByRole('list').getByRole('listitem');
	await expect(stages).toHaveText([/development/, /staging/, /production \(the large diamond\)/, /archived/]);
	for (const stage of await stages.all()) await expect(stage).toBeVisible();
	await expect(chart).toHaveAccessibleDescription(
		/stage: development\s+staging\s+production \(the large diamond\)\s+archived/
	);

	// The axis is fitted to the accuracies shown, and says so: from a little below the lowest to a
	// little above the highest, not "0 – 1".
	await expect(chart).toHaveAccessibleDescription(
		/The Accuracy axis runs from \d+(?:\.\d+)? to \d+(?:\.\d+)?\./
	);
	const description = await chart.evaluate(
		(figure) => document.getElementById(figure.getAttribute('aria-describedby')!)!.textContent!
	);
	expect(description).not.toContain('0 – 1');
	const [from, to] = /axis runs from (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)/
		.exec(description)!
		.slice(1)
		.map(Number) as [number, number];
	await page.getByRole('button', { name: 'Show data table' }).click();
	const accuracies = (
		await page
			.getByRole('table', { name: /Accuracy .* by version/ })
			.locator('td.number')
			.allInnerTexts()
	).map(Number);
	expect(accuracies).toHaveLength(24);
	expect(from).toBeGreaterThan(0);
	expect(from).toBeLessThanOrEqual(Math.min(...accuracies));
	expect(to).toBeGreaterThanOrEqual(Math.max(...accuracies));
	expect(to - from).toBeLessThan(2 * (Math.max(...accuracies) - Math.min(...accuracies)));

	// Hiding the archived versions says so in the legend.
	await page.getByLabel('Hide archived versions').check();
	await expect(stages.last()).toHaveText(/archived \(hidden\)/);
});

test('a notice sits above the page, never over the chart, and the keyboard dismisses it', async ({
	app,
	page
}) => {
	await app.open('/models/churn-classifier/versions/1.0.0');
	await page.getByRole('button', { name: 'Delete version' }).click();
	await page
		.getByRole('dialog', { name: 'Delete churn-classifier:1.0.0?' })
		.getByRole('button', { name: 'Delete version' })
		.click();
	// The app takes the person to the model, and the notice comes along to say what was done.
	await expect(page.getByRole('heading', { level: 1, name: 'churn-classifier' })).toBeVisible();
	const notice = page
		.getByRole('status')
		.getByRole('paragraph')
		.filter({ hasText: 'Deleted churn-classifier:1.0.0.' });
	const chart = page.getByRole('figure', { name: /^Trend of accuracy/i });
	await expect(notice).toBeVisible();
	await expect(chart).toBeVisible();
	const noticeBox = (await notice.boundingBox())!;
	const chartBox = (await chart.boundingBox())!;
	const headingBox = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
	expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(headingBox.y);
	expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(chartBox.y);
	// Nothing lies under it: it is the element at its own centre, not a layer over the page.
	const centre = await page.evaluate(
		({ x, y }) => document.elementFromPoint(x, y)?.closest('p')?.textContent ?? '',
		{ x: noticeBox.x + noticeBox.width / 2, y: noticeBox.y + noticeBox.height / 2 }
	);
	expect(centre).toContain('Deleted churn-classifier:1.0.0.');

	// It did not take the focus; the keyboard reaches its button and dismisses it.
	await expect(notice.getByRole('button', { name: 'Dismiss' })).not.toBeFocused();
	await notice.getByRole('button', { name: 'Dismiss' }).focus();
	await page.keyboard.press('Enter');
	await expect(notice).toBeHidden();
	await expect(page.locator('main')).toBeFocused();
});

test('several metrics plot together, archived versions can be hidden, and PNG and CSV download', async ({
	app,
	page
}) => {
	await app.open('/models/demand-forecast');
	await page.getByRole('checkbox', { name: 'mae (lower is better)' }).check();
	const chartName = 'Trend of mse, mae across the versions of demand-forecast';
	await expect(page.getByRole('figure', { name: chartName })).toBeVisible();

	await page.getByLabel('Hide archived versions').check();
	await page.getByRole('button', { name: 'Show data table' }).click();
	const table = page.getByRole('table', {
		name: 'mse (lower is better ↓); mae (lower is better ↓) by version'
	});
	// 36 versions, 5 of them archived, and the header row.
	await expect(table.getByRole('row')).toHaveCount(32);
	await expect(table).not.toContainText('archived');

	const png = await download(page, 'Download PNG');
	expect(png.name).toBe('demand-forecast-metrics.png');
	expect(png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
		true
	);
	expect(png.bytes.length).toBeGreaterThan(5000);

	const csv = await download(page, 'Download CSV');
	const lines = csv.bytes.toString('utf8').trim().split('\r\n');
	expect(lines[0]).toBe('version,stage,mse,mae');
	expect(lines).toHaveLength(32);
	expect(lines[1]).toMatch(/^1\.0\.0-rc\.1,development,[\d.]+,[\d.]+$/);
});

test('a model of 6,000 versions is charted from its summary: its extremes, its production version, true positions', async ({
	app,
	page
}) => {
	const count = 6_000;
	const version = (i: number) => `1.${Math.floor(i / 100)}.${i % 100}`;
	// One dip far below the rest, and one production version: both must be drawn.
	const accuracy = (i: number) => (i === 4321 ? 0.01 : 0.5 + ((i * 37) % 100) / 250);
	const bundle = {
		format: 'model-registry-bundle',
		formatVersion: 1,
		models: [
			{
				name: 'long',
				versions: Array.from({ length: count }, (_, i) => ({
					version: version(i),
					metrics: { accuracy: accuracy(i) },
					...(i === 1234 && { stage: 'production' })
				}))
			}
		]
	};
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles({
		name: 'long.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(bundle))
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByText(`Imported 1 model: ${count} versions added`)).toBeVisible();

	await app.open('/models/long');
	const chart = page.getByRole('figure', { name: 'Trend of accuracy across the versions of long' });
	await expect(chart).toContainText(
		"long has 6,000 versions: the chart shows each stretch's lowest and highest values and the production version"
	);

	await page.getByRole('button', { name: 'Show data table' }).click();
	const rows = page
		.getByRole('table', { name: /Accuracy \(higher is better ↑\) by version/ })
		.getByRole('row');
	await expect(rows.filter({ hasText: '1.43.21' })).toContainText('0.01');
	await expect(rows.filter({ hasText: '1.12.34' })).toContainText('production');
	expect(await rows.count()).toBeLessThan(count / 4);

	// A point under the pointer names a version the model has, and opens it.
	const canvas = chart.locator('canvas');
	const box = (await canvas.boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
	const tooltip = page.getByRole('status', { name: 'Point under the pointer' });
	await expect(tooltip).toContainText(/Version 1\.\d+\.\d+ · \w+/);
	const shown = /Version (\S+)/.exec((await tooltip.textContent()) ?? '')![1]!;
	await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
	await expect(page.getByRole('heading', { level: 1, name: `long:${shown}` })).toBeVisible();
});

test('a comparison marks differences, the best value and deltas, and has its own address', async ({
	app,
	page
}) => {
	await app.open('/models/churn-classifier');
	await page.getByLabel('Order').selectOption({ label: 'Lowest version first' });
	await page.getByLabel('Select 1.0.0 for comparison', { exact: true }).check();
	await page.getByLabel('Order').selectOption({ label: 'Highest version first' });
	await page.getByLabel('Select 1.7.1 for comparison').check();
	await page.getByRole('link', { name: 'Compare selected (2)' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'Compare versions' })).toBeVisible();
	const table = page.getByRole('table');
	const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}\\b`) });
	await expect(table.getByRole('columnheader')).toContainText([
		'Field',
		/churn-classifier:1\.0\.0/,
		/churn-classifier:1\.7\.1/
	]);
	await expect(row('Accuracy').getByRole('cell').nth(1)).toContainText('★');
	await expect(row('Accuracy').getByRole('cell').nth(0)).not.toContainText('★');
	await expect(row('Accuracy').getByRole('cell').nth(1)).toContainText(/\+0\.\d+ \(\+\d+\.\d%\) vs first/);

	// Standard metrics by their label, as on every page.
	await expect(row('AUC-ROC')).toBeVisible();
	await expect(table).not.toContainText('aucRoc');

	await expect(row('framework')).toBeVisible();
	await page.getByLabel('Differences only').check();
	await expect(row('framework')).toBeHidden();
	await expect(row('team')).toBeHidden();
	await expect(row('n_estimators')).toBeVisible();
	await expect(row('run')).toBeVisible();

	// The address is the comparison: reloading it (or sharing it) shows the same versions.
	const address = page.url();
	expect(address).toContain('#/compare/churn-classifier%3A1.0.0/churn-classifier%3A1.7.1');
	await app.open(new URL(address).hash.slice(1));
	await expect(table.getByRole('columnheader')).toContainText([
		'Field',
		/churn-classifier:1\.0\.0/,
		/churn-classifier:1\.7\.1/
	]);

	// Versions of other models join the same comparison.
	await page.getByRole('combobox', { name: /^Model/ }).selectOption('image-tagger');
	await page.getByRole('combobox', { name: /^Version/ }).selectOption('1.5.0');
	await page.getByRole('button', { name: 'Add to comparison' }).click();
	await expect(table.getByRole('columnheader')).toHaveCount(4);
	await expect(page.getByRole('figure', { name: /Bar chart of Accuracy/ })).toBeVisible();
	await expect
		.poll(() =>
			distinctColours(
				page,
				'Bar chart of Accuracy, Precision, Recall, F1 score, AUC-ROC, top5_accuracy for churn-classifier:1.0.0, churn-classifier:1.7.1, image-tagger:1.5.0'
			)
		)
		.toBeGreaterThan(3);
	await app.open('/compare/not-a-ref/churn-classifier:1.0.0');
	await expect(
		page.getByRole('alert').filter({ hasText: 'Ignored "not-a-ref" in the address' })
	).toBeVisible();
});

test('the leaderboard ranks the best version of every model, or every version of one', async ({
	app,
	page
}) => {
	await app.open('/leaderboard');
	const table = page.getByRole('table', { name: 'Leaderboard by accuracy' });
	await expect(table.getByRole('row')).toHaveCount(3);
	await expect(table.getByRole('rowheader')).toHaveText(['churn-classifier', 'image-tagger']);
	await expect(page.getByText('Ranked by accuracy: higher is better.')).toBeVisible();

	// The chart's data table: the charted entries, in the chart's order.
	await page.getByRole('button', { name: 'Show data table' }).click();
	const charted = page.getByRole('table', { name: 'Top 2 by accuracy, as charted' });
	await expect(charted.getByRole('columnheader')).toHaveText([
		'Rank',
		'Model',
		'Version',
		'Stage',
		'Accuracy'
	]);
	await expect(charted.getByRole('rowheader')).toHaveText(['churn-classifier', 'image-tagger']);
	await expect(charted.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('1');

	await page.getByLabel('Rank').selectOption({ label: 'Every version of churn-classifier' });
	await expect(page.getByRole('table', { name: 'Leaderboard by accuracy' }).getByRole('row')).toHaveCount(25);

	await page.getByLabel('Rank').selectOption('');
	await expect(page.getByLabel('Metric')).toContainText('AUC-ROC');
	await expect(page.getByLabel('Metric')).not.toContainText('aucRoc');
	await page.getByLabel('Metric').selectOption({ label: 'AUC-ROC' });
	await expect(
		page.getByRole('table', { name: 'Leaderboard by AUC-ROC' }).getByRole('columnheader')
	).toHaveText(['Rank', 'Model', 'Version', 'Stage', 'AUC-ROC']);
	await expect(page.locator('main')).not.toContainText('aucRoc');
	await page.getByLabel('Metric').selectOption('mse');
	await expect(page.getByText('Ranked by mse: lower is better.')).toBeVisible();
	await expect(page.getByRole('table', { name: 'Leaderboard by mse' }).getByRole('rowheader')).toHaveText([
		'demand-forecast'
	]);
	const csv = await download(page, 'Download CSV');
	expect(csv.bytes.toString('utf8').split('\r\n')[0]).toBe('rank,model,version,stage,mse');
});
