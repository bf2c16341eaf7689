/** The app opens a registry that schema version 1 wrote, in real Chromium, with nothing lost. */
import { readFileSync } from 'node:fs';
import { restoreDatabase } from '../fixtures/databases/idb-dump';
import { APP_DATABASE_NAME } from '../../src/lib/worker/contract';
import { expect, expectRegistryIntact, test } from './fixtures';

const dump: unknown = JSON.parse(readFileSync('tests/fixtures/databases/registry-v1.json', 'utf8'));

test('a registry written by the first schema opens in this version of the app, whole', async ({
	app,
	page
}) => {
	// Restore the old database on the app's origin before the app first opens it.
	await page.goto(`${new URL(app.url()).origin}/no-app-here`);
	await page.evaluate(restoreDatabase, { dump, name: APP_DATABASE_NAME });

	await app.open();
	await expect(page.getByRole('row', { name: /churn-classifier/ })).toContainText('1.1.0');
	await expect(page.getByRole('row', { name: /fraud-detector/ })).toContainText('0.2.0');
	await page.getByRole('link', { name: 'churn-classifier' }).click();
	await expect(page.getByText('Predicts churn.')).toBeVisible();
	const versions = page.getByRole('table', { name: 'Versions' });
	await expect(versions.getByRole('row')).toHaveCount(4);
	await expect(versions.getByRole('row', { name: /1\.0\.0/ }).first()).toContainText('archived');
	await expect(page.getByRole('region', { name: 'History' })).toContainText('Alias champion set to 1.1.0');

	await app.open('/models/churn-classifier/versions/1.1.0');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: /Download/ }).click();
	expect(readFileSync(await (await download).path()).toString()).toBe('churn-2');

	await expectRegistryIntact(app, page);
	await expect(page.getByRole('status', { name: 'Check result' })).toContainText(
		'Checked 2 models, 4 versions, 2 artifacts'
	);
});
