/** Which way a metric is better: a latency ranks lowest first, and the person can say otherwise. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const BUNDLE = {
	format: 'model-registry-bundle',
	formatVersion: 1,
	models: [
		{
			name: 'svc',
			versions: [
				{ version: '1.0.0', metrics: { custom: { latency_ms: 40 } } },
				{ version: '2.0.0', metrics: { custom: { latency_ms: 20 } } },
				{ version: '3.0.0', metrics: { custom: { latency_ms: 30 } } }
			]
		}
	]
};

async function rankLatency(page: Page) {
	await page.getByRole('link', { name: 'Leaderboard' }).click();
	await page.getByRole('combobox', { name: 'Metric', exact: true }).selectOption('latency_ms');
	await page.getByRole('combobox', { name: 'Rank', exact: true }).selectOption('svc');
	return page
		.getByRole('table', { name: 'Leaderboard by latency_ms' })
		.getByRole('link', { name: /^\d\.0\.0$/ });
}

test('a latency ranks lowest first; flipping it flips the order, in every tab and after a reload', async ({
	app,
	page,
	context
}) => {
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles({
		name: 'svc.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(BUNDLE))
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByText('Imported 1 model: 3 versions added')).toBeVisible();

	const versions = await rankLatency(page);
	await expect(versions).toHaveText(['2.0.0', '3.0.0', '1.0.0']);
	const better = page.getByRole('combobox', { name: 'Better is' });
	await expect(better).toHaveValue('lower');
	await expect(page.getByText('Ranked by latency_ms: lower is better for svc.')).toBeVisible();

	const other = await context.newPage();
	await app.open('/', other);
	const otherVersions = await rankLatency(other);
	await expect(otherVersions).toHaveText(['2.0.0', '3.0.0', '1.0.0']);

	// By keyboard: the select keeps the focus while the order flips.
	await better.focus();
	await page.keyboard.press('ArrowUp');
	await expect(better).toHaveValue('higher');
	await expect(versions).toHaveText(['1.0.0', '3.0.0', '2.0.0']);
	await expect(better).toBeFocused();
	await expect(page.getByText('Ranked by latency_ms: higher is better for svc.')).toBeVisible();

	// The other tab hears of it, and a reload keeps it.
	await expect(otherVersions).toHaveText(['1.0.0', '3.0.0', '2.0.0']);
	await expect(other.getByRole('combobox', { name: 'Better is' })).toHaveValue('higher');
	await app.open('/');
	await expect(await rankLatency(page)).toHaveText(['1.0.0', '3.0.0', '2.0.0']);

	// The choice is in the model's history.
	await app.open('/models/svc');
	await expect(page.getByRole('region', { name: 'History' })).toContainText(
		'Direction of latency_ms: higher is better (was lower)'
	);

	// The chart on the model page says it too, and can set it back.
	const chartChoice = page.getByRole('combobox', { name: 'Better is, for latency_ms' });
	await expect(chartChoice).toHaveValue('higher');
	await expect(page.getByRole('checkbox', { name: 'latency_ms' })).toBeChecked();
	await chartChoice.selectOption('lower');
	await expect(page.getByRole('region', { name: 'History' })).toContainText(
		'Direction of latency_ms: lower is better (was higher)'
	);

	// Compare stars the best value by the model's direction, and can flip it as well.
	await app.open('/compare/svc:1.0.0/svc:2.0.0');
	const row = page.getByRole('row', { name: /latency_ms/ });
	await expect(row.getByRole('rowheader')).toContainText('(lower is better)');
	await expect(row.getByRole('cell').nth(1)).toContainText('★');
	await expect(row.getByRole('cell').nth(0)).not.toContainText('★');
	const compareChoice = page.getByRole('combobox', { name: 'Better is, for latency_ms' });
	await compareChoice.focus();
	await page.keyboard.press('ArrowUp');
	await expect(row.getByRole('rowheader')).toContainText('(higher is better)');
	await expect(row.getByRole('cell').nth(0)).toContainText('★');
	await expect(row.getByRole('cell').nth(1)).not.toContainText('★');
	await expect(compareChoice).toBeFocused();
});

test('across models, the leaderboard sets the direction for every model that has the metric', async ({
	app,
	page
}) => {
	// More models than fit on the board would be the point; two show the same: each one's own page follows.
	const bundle = {
		...BUNDLE,
		models: [
			...BUNDLE.models,
			{ name: 'api', versions: [{ version: '1.0.0', metrics: { custom: { latency_ms: 9 } } }] }
		]
	};
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles({
		name: 'two.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(bundle))
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByText('Imported 2 models: 4 versions added')).toBeVisible();

	await app.open('/leaderboard?metric=latency_ms');
	const board = page.getByRole('table', { name: 'Leaderboard by latency_ms' });
	await expect(board.getByRole('link', { name: /^(svc|api)$/ })).toHaveText(['api', 'svc']);
	await page.getByRole('combobox', { name: 'Better is' }).selectOption('higher');
	await expect(board.getByRole('link', { name: /^(svc|api)$/ })).toHaveText(['svc', 'api']);

	for (const model of ['svc', 'api']) {
		await app.open(`/models/${model}`);
		await expect(page.getByRole('combobox', { name: 'Better is, for latency_ms' })).toHaveValue('higher');
	}
});
