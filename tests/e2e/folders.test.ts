import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const MLFLOW_FOLDER = join(import.meta.dirname, '../fixtures/models/mlflow-sklearn');

/** Every file under `folder`, by its path relative to it with "/" between folders, sorted. */
async function filesUnder(folder: string): Promise<string[]> {
	const entries = await readdir(folder, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
		.sort();
}

/** Names the version and registers what was chosen, as a person does, and waits for its page. */
async function register(page: Page, name: string, version: string) {
	await page.getByLabel('Model name').fill(name);
	await page.getByLabel('Version', { exact: true }).fill(version);
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `${name}:${version}` })).toBeVisible();
}

test('a folder registers as one version: every file listed by path, each downloads byte for byte', async ({
	app,
	page
}) => {
	await app.open('/register');
	await page.getByLabel('Artifact folder').setInputFiles(MLFLOW_FOLDER);
	const paths = await filesUnder(MLFLOW_FOLDER);
	await expect(page.getByText(`${paths.length} files`)).toBeVisible();
	await register(page, 'iris', '1.0.0');

	const table = page.getByRole('region', { name: 'Files of iris:1.0.0' });
	// The picked folder's own name is not part of the paths: the version's folder is its content.
	await expect(table.getByRole('rowheader')).toHaveText(paths);
	const download = page.waitForEvent('download');
	await table.getByRole('button', { name: 'Download MLmodel' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('MLmodel');
	expect((await readFile(await file.path())).equals(await readFile(join(MLFLOW_FOLDER, 'MLmodel')))).toBe(
		true
	);
});

test('several files register together as one folder', async ({ app, page }) => {
	await app.open('/register');
	await page.getByLabel('Artifact files').setInputFiles([
		{ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from('{"model_type": "bert"}') },
		{ name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([1, 2, 3]) }
	]);
	await expect(page.getByRole('list', { name: 'Chosen files' })).toContainText('config.json');
	await register(page, 'encoder', '0.1.0');
	const table = page.getByRole('region', { name: 'Files of encoder:0.1.0' });
	await expect(table.getByRole('rowheader')).toHaveText(['config.json', 'weights.bin']);
	await expect(table.getByRole('row', { name: /weights\.bin/ })).toContainText('3 bytes');
});
