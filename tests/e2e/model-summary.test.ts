/**
 * What a version's model files say, as a person meets it: the register form suggests the framework from the
 * chosen files, and the version page's Model section shows each file's summary, read in the worker.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const MODELS = join(import.meta.dirname, '../fixtures/models');

/** Names the version and registers what was chosen, and waits for its page. */
async function register(page: Page, name: string, version: string) {
	await page.getByLabel('Model name').fill(name);
	await page.getByLabel('Version', { exact: true }).fill(version);
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `${name}:${version}` })).toBeVisible();
}

const modelSection = (page: Page) => page.getByRole('region', { name: 'Model', exact: true });

test('an MLflow folder: sklearn is suggested, and the page shows its flavors and signature', async ({
	app,
	page
}) => {
	await app.open('/register');
	await page.getByLabel('Artifact folder').setInputFiles(join(MODELS, 'mlflow-sklearn'));
	await expect(page.getByLabel('Framework')).toHaveValue('sklearn');
	await expect(page.getByText('Suggested from MLmodel: sklearn.')).toBeVisible();
	await register(page, 'iris', '1.0.0');
	await expect(page.getByText('· sklearn ·')).toBeVisible();

	const model = modelSection(page).getByRole('article', { name: 'MLflow model: MLmodel' });
	await expect(model).toContainText('python_function, sklearn');
	const inputs = model.getByRole('table', { name: 'Signature inputs' });
	await expect(inputs.getByRole('rowheader')).toHaveText([
		'sepal length (cm)',
		'sepal width (cm)',
		'petal length (cm)',
		'petal width (cm)'
	]);
	await expect(inputs.getByRole('row', { name: /sepal length/ })).toContainText(/double\s*yes/);
	// The output is a tensor with a dimension left open (MLflow's -1).
	await expect(model.getByRole('table', { name: 'Signature outputs' })).toContainText(/int64\s*\[\?\]/);
	await expect(model.getByRole('region', { name: 'Input example' })).toContainText('"sepal length (cm)"');
});

test('a person who picked the framework keeps it when the files suggest another', async ({ app, page }) => {
	await app.open('/register');
	await page.getByLabel('Framework').selectOption('pytorch');
	await page.getByLabel('Artifact folder').setInputFiles(join(MODELS, 'mlflow-sklearn'));
	await expect(page.getByText('Suggested from MLmodel: sklearn.')).toBeVisible();
	await expect(page.getByLabel('Framework')).toHaveValue('pytorch');
});

test('an ONNX file: its inputs with element types and shapes, and a garbled one said in words', async ({
	app,
	page
}) => {
	await app.open('/register');
	await page.getByLabel('Artifact files').setInputFiles([
		{
			name: 'model.onnx',
			mimeType: 'application/octet-stream',
			buffer: await readFile(join(MODELS, 'onnx/model.onnx'))
		},
		{ name: 'broken.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') }
	]);
	await expect(page.getByLabel('Framework')).toHaveValue('onnx');
	await expect(page.getByText('Suggested from model.onnx: onnx.')).toBeVisible();
	await register(page, 'scorer', '1.0.0');

	const section = modelSection(page);
	const graph = section.getByRole('article', { name: 'ONNX model: model.onnx' });
	const inputs = graph.getByRole('table', { name: 'Inputs' });
	await expect(inputs.getByRole('row', { name: /features/ })).toContainText(/float\s*\[batch, 4\]/);
	await expect(inputs.getByRole('rowheader')).toHaveText(['features', 'scale']);
	await expect(graph).toContainText('15 parameters');
	await expect(graph).toContainText('ai.onnx 17');
	const broken = section.getByRole('article', { name: 'ONNX model: broken.onnx' });
	await expect(broken.getByText(/^Could not read broken\.onnx: the model is malformed/)).toBeVisible();

	// The section passes axe's checks on a desktop and on a phone.
	for (const width of [1280, 390]) {
		await page.setViewportSize({ width, height: 844 });
		const { violations } = await new AxeBuilder({ page })
			.include('section[aria-labelledby="model-summary"]')
			.analyze();
		expect(violations.map((violation) => `${width} px: ${violation.id}`)).toEqual([]);
	}
});

test('files of no format the registry reads: the section says which formats it reads', async ({
	app,
	page
}) => {
	await app.open('/register');
	await page.getByLabel('Artifact files').setInputFiles({
		name: 'weights.bin',
		mimeType: 'application/octet-stream',
		buffer: Buffer.from([1, 2, 3])
	});
	await register(page, 'opaque', '1.0.0');
	await expect(modelSection(page)).toContainText('None of these files is in a format the registry reads.');
	await expect(modelSection(page).getByRole('listitem')).toContainText(['ONNX models (.onnx)']);
});
