import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipReader, configure } from '@zip.js/zip.js';
import { expect, test } from './fixtures';

// Node has no web workers for zip.js to start; it reads in this thread.
configure({ useWebWorkers: false });

const MLFLOW_FOLDER = join(import.meta.dirname, '../fixtures/models/mlflow-sklearn');

/** Chooses `folder` in the register form, names the version and registers it, as a person does. */
async function registerFolder(page: Page, folder: string, name: string, version: string) {
	await page.getByLabel('Artifact folder').setInputFiles(folder);
	await page.getByLabel('Model name').fill(name);
	await page.getByLabel('Version', { exact: true }).fill(version);
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `${name}:${version}` })).toBeVisible();
}

/** axe finds nothing wrong with the file list and the open preview (the full matrix is accessibility.test.ts). */
async function expectAccessible(page: Page) {
	const axe = new AxeBuilder({ page }).options({ rules: { 'target-size': { enabled: true } } });
	const { violations } = await axe.analyze();
	const found = violations.map(
		(v) => `${v.id} at ${v.nodes.map((node) => node.target.join(' ')).join(' | ')}`
	);
	expect(found, found.join('\n')).toEqual([]);
}

test('a folder previews its text files, offers no preview of a pickle, and downloads whole as a zip', async ({
	app,
	page
}) => {
	await app.open('/register');
	await registerFolder(page, MLFLOW_FOLDER, 'iris', '1.0.0');
	const files = page.getByRole('region', { name: 'Files of iris:1.0.0' });

	// MLmodel (YAML without an extension): focus goes to the preview, and back to its button when it closes.
	await files.getByRole('button', { name: 'Preview MLmodel' }).click();
	const mlmodel = page.getByRole('region', { name: 'Preview of MLmodel' });
	await expect(mlmodel.getByRole('heading', { name: 'Preview of MLmodel' })).toBeFocused();
	await expect(mlmodel.getByRole('region', { name: 'Contents of MLmodel' })).toContainText('flavors:');
	await expect(mlmodel.getByRole('region', { name: 'Contents of MLmodel' })).toContainText('sklearn');
	await mlmodel.getByRole('button', { name: 'Close preview' }).click();
	await expect(mlmodel).toBeHidden();
	await expect(files.getByRole('button', { name: 'Preview MLmodel' })).toBeFocused();

	// requirements.txt, shown as it is written, whole (no "Showing the first …").
	await files.getByRole('button', { name: 'Preview requirements.txt' }).press('Enter');
	const requirements = page.getByRole('region', { name: 'Preview of requirements.txt' });
	const expected = await readFile(join(MLFLOW_FOLDER, 'requirements.txt'), 'utf8');
	await expect(requirements.getByRole('region', { name: 'Contents of requirements.txt' })).toHaveText(
		expected
	);
	await expect(requirements.getByText(/Showing the first/)).toHaveCount(0);

	// JSON is laid out when it parses.
	await files.getByRole('button', { name: 'Preview input_example.json' }).click();
	const example = page.getByRole('region', { name: 'Preview of input_example.json' });
	await expect(example.getByRole('heading')).toBeFocused();
	await expect(example.getByRole('region', { name: 'Contents of input_example.json' })).toContainText(
		'"columns": ['
	);
	await expectAccessible(page);

	// A pickle is only downloaded: nothing in the browser should open it.
	await expect(files.getByRole('button', { name: 'Download model.pkl' })).toBeVisible();
	await expect(files.getByRole('button', { name: 'Preview model.pkl' })).toHaveCount(0);

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download all as .zip' }).click();
	const zip = await download;
	expect(zip.suggestedFilename()).toBe('iris-1.0.0.zip');
	const reader = new ZipReader(new Uint8ArrayReader(new Uint8Array(await readFile(await zip.path()))));
	const entries = await reader.getEntries();
	const paths = (await readdir(MLFLOW_FOLDER)).sort();
	expect(entries.map((entry) => entry.filename).sort()).toEqual(paths);
	for (const entry of entries) {
		if (entry.directory) continue;
		const bytes = Buffer.from(await entry.getData(new Uint8ArrayWriter()));
		expect(bytes.equals(await readFile(join(MLFLOW_FOLDER, entry.filename))), entry.filename).toBe(true);
	}
	await reader.close();
});

test('files in folders show as a tree whose folders close and open from the keyboard; a CSV shows as a table', async ({
	app,
	page
}, testInfo) => {
	const folder = testInfo.outputPath('model');
	await mkdir(join(folder, 'data'), { recursive: true });
	await writeFile(join(folder, 'README.md'), '# Churn model\n\nTrained on **last year**.\n');
	await writeFile(join(folder, 'data', 'eval.csv'), 'name,note\n"Smith, J","said ""hi"""\nLee,plain\n');
	await writeFile(join(folder, 'data', 'roc.png'), await readFile('static/icons/icon-192.png'));
	await app.open('/register');
	await registerFolder(page, folder, 'churn', '2.0.0');
	const files = page.getByRole('region', { name: 'Files of churn:2.0.0' });

	const toggle = files.getByRole('button', { name: 'data/', exact: true });
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	const csv = files.getByRole('button', { name: 'Preview data/eval.csv' });
	await expect(csv).toBeVisible();
	await toggle.focus();
	await page.keyboard.press('Enter');
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await expect(csv).toHaveCount(0);
	await page.keyboard.press('Space');
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');

	await csv.click();
	const table = page.getByRole('region', { name: 'Preview of data/eval.csv' }).getByRole('table');
	await expect(table.getByRole('columnheader')).toHaveText(['name', 'note']);
	await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText(['Smith, J', 'said "hi"']);
	await expectAccessible(page);

	// An image is shown as an image, decoded from its bytes (the page's policy allows its own blob: URLs).
	await files.getByRole('button', { name: 'Preview data/roc.png' }).click();
	const image = page.getByRole('region', { name: 'Preview of data/roc.png' }).getByRole('img');
	await expect(image).toBeVisible();
	expect(await image.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(
		192
	);

	// Markdown is rendered, and its source is a button away.
	await files.getByRole('button', { name: 'Preview README.md' }).click();
	const readme = page.getByRole('region', { name: 'Preview of README.md' });
	await expect(readme.getByRole('heading', { name: 'Churn model' })).toBeVisible();
	await readme.getByRole('button', { name: 'Show Markdown source' }).click();
	await expect(readme.getByRole('region', { name: 'Contents of README.md' })).toContainText('# Churn model');
});
