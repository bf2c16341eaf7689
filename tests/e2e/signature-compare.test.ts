import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const MLFLOW_FOLDER = join(import.meta.dirname, '../fixtures/models/mlflow-sklearn');

/** The fixture's four double columns without "petal width (cm)": a model retrained on three features. */
const THREE_INPUTS = JSON.stringify(
	['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)'].map((name) => ({
		type: 'double',
		name,
		required: true
	}))
);

let narrowed: string;

test.beforeAll(async () => {
	narrowed = await mkdtemp(join(tmpdir(), 'signature-compare-'));
	await cp(MLFLOW_FOLDER, narrowed, { recursive: true });
	const mlmodel = join(narrowed, 'MLmodel');
	const text = await readFile(mlmodel, 'utf8');
	// The inputs are one single-quoted YAML string folded over several lines: replaced whole.
	const edited = text.replace(/ {2}inputs: '[^']*'/, `  inputs: '${THREE_INPUTS}'`);
	expect(edited).not.toBe(text);
	await writeFile(mlmodel, edited);
});

test.afterAll(async () => {
	await rm(narrowed, { recursive: true, force: true });
});

/** Registers a folder as `iris:<version>` through the register form, as a person does. */
async function registerFolder(page: Page, folder: string, version: string) {
	await page.getByRole('link', { name: 'Register', exact: true }).click();
	await page.getByLabel('Artifact folder').setInputFiles(folder);
	await page.getByLabel('Model name').fill('iris');
	await page.getByLabel('Version', { exact: true }).fill(version);
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `iris:${version}` })).toBeVisible();
}

async function moveToProduction(page: Page) {
	await page.getByLabel('Move to stage').selectOption('production');
	await page.getByRole('button', { name: 'Move', exact: true }).click();
}

test('comparing two versions marks a removed input as breaking, and promoting the second warns', async ({
	app,
	page
}) => {
	await app.open();
	await registerFolder(page, MLFLOW_FOLDER, '1.0.0');
	await registerFolder(page, narrowed, '2.0.0');

	await app.open('/compare/iris:1.0.0/iris:2.0.0');
	const signatures = page.getByRole('region', { name: 'Signatures' });
	const pair = signatures.getByRole('region', { name: 'iris:2.0.0 against iris:1.0.0' });
	await expect(pair.getByText('Breaking', { exact: true }).first()).toBeVisible();
	await expect(pair).toContainText(
		'A caller of iris:1.0.0 may fail with iris:2.0.0: Input petal width (cm) was removed.'
	);
	const table = pair.getByRole('table', { name: 'Inputs and outputs of iris:2.0.0 against iris:1.0.0' });
	await expect(table.getByRole('row', { name: /petal width \(cm\)/ })).toContainText('Removed');
	await expect(table.getByRole('row', { name: /petal width \(cm\)/ })).toContainText('Breaking');
	await expect(table.getByRole('row', { name: /sepal length \(cm\)/ })).toContainText('Same');

	await app.open('/models/iris/versions/1.0.0');
	await moveToProduction(page);
	const first = page.getByRole('dialog', { name: 'Promote 1.0.0 to production?' });
	await first.getByRole('button', { name: 'Promote to production' }).click();
	await expect(page.getByText('Moved iris:1.0.0 to production.')).toBeVisible();

	await app.open('/models/iris/versions/2.0.0');
	await moveToProduction(page);
	const second = page.getByRole('dialog', { name: 'Promote 2.0.0 to production?' });
	await expect(second).toContainText(
		'Breaking change: callers of iris:1.0.0 may fail. Input petal width (cm) was removed.'
	);
	// A warning, not a refusal: the person may still promote.
	await second.getByRole('button', { name: 'Promote to production' }).click();
	await expect(page.getByText('Moved iris:2.0.0 to production.')).toBeVisible();
});
