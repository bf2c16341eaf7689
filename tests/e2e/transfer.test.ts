import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function modelRows(page: Page): Promise<string[]> {
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	const rows = page.getByRole('table').getByRole('row');
	await expect(rows.nth(1)).toBeVisible();
	return rows.allInnerTexts();
}

test('a registry exported from one browser profile imports into a fresh one, the same on screen', async ({
	app,
	page,
	browser
}, testInfo) => {
	await app.open();
	await page.getByRole('button', { name: 'Load sample data' }).click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
	const before = await modelRows(page);

	await page.getByRole('link', { name: 'Import & export' }).click();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download bundle' }).click();
	const bundlePath = testInfo.outputPath('registry.zip');
	await (await download).saveAs(bundlePath);

	const fresh = await browser.newContext();
	const other = await fresh.newPage();
	await app.open('/transfer', other);
	await other.getByLabel('Bundle file').setInputFiles(bundlePath);
	const preview = other.getByRole('table', { name: 'Import preview' });
	await expect(preview.getByRole('row')).toHaveCount(6);
	await expect(preview.getByRole('row', { name: /fraud-detector/ })).toContainText('new model');
	await expect(
		other.getByText('5 new models, 150 new versions, 0 already here, 0 in conflict.')
	).toBeVisible();
	await other.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(
		other.getByText('Imported 5 models: 150 versions added, 0 replaced, 0 kept as they were.')
	).toBeVisible();
	expect(await modelRows(other)).toEqual(before);

	// The history came along: the production history of a model, then the import itself.
	await app.open('/models/churn-classifier', other);
	const history = other.getByRole('region', { name: 'History' });
	await expect(history).toContainText('Stage: production → archived (replaced by 1.7.0)');
	await expect(history).toContainText(
		/Imported from a bundle \(registry\.zip\): \d+ versions added, 0 replaced/
	);

	// Importing the same bundle again finds nothing to do.
	await app.open('/transfer', other);
	await other.getByLabel('Bundle file').setInputFiles(bundlePath);
	await expect(
		other.getByText('0 new models, 0 new versions, 150 already here, 0 in conflict.')
	).toBeVisible();
	await fresh.close();
});

test('a bad bundle shows what is wrong and changes nothing', async ({ app, page }) => {
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles({
		name: 'notes.zip',
		mimeType: 'application/zip',
		buffer: Buffer.from('these are my notes, not a bundle')
	});
	const alert = page.getByRole('alert').filter({ hasText: 'This bundle cannot be imported.' });
	await expect(alert).toContainText('This file is not a registry bundle: it is neither a zip file nor JSON.');
	await expect(alert).toContainText('Nothing was changed.');

	await page.getByLabel('Bundle file').setInputFiles({
		name: 'manifest.json',
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({
				format: 'model-registry-bundle',
				formatVersion: 1,
				models: [{ name: 'm', versions: [{ version: '1.0.0', metrics: { accuracy: 'high' } }] }]
			})
		)
	});
	await expect(alert).toContainText(
		'manifest.json: models[0].versions[0].metrics.accuracy: must be a finite number, not a string.'
	);
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
});
