import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { expect, expectRegistryIntact, registerThroughForm, test } from './fixtures';

test('a registered artifact survives a reload and downloads byte for byte', async ({ app, page }) => {
	await app.open();
	const bytes = randomBytes(300_000);
	await registerThroughForm(page, {
		name: 'churn',
		version: '1.0.0',
		description: 'First **model**',
		tags: { team: 'growth' },
		file: { name: 'model.pkl', buffer: bytes }
	});
	await expect(page.getByText('Registered churn:1.0.0.')).toBeVisible();

	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'churn:1.0.0' })).toBeVisible();
	await expect(page.getByText('model.pkl', { exact: true })).toBeVisible();
	await expect(page.getByText('293 KB')).toBeVisible();
	await expect(page.getByText('First model')).toBeVisible();
	await expect(page.getByRole('list', { name: 'Tags' })).toHaveText(/team\s*growth/);

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download model.pkl' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('model.pkl');
	expect((await readFile(await file.path())).equals(bytes)).toBe(true);
});

test('a large file, stored while it is hashed, downloads byte for byte and is kept once', async ({
	app,
	page
}) => {
	await app.open();
	// 9 MiB: over the 8 MiB from which the bytes are written while they are hashed (registry/upload.ts).
	const bytes = randomBytes(9 * 2 ** 20);
	for (const version of ['1.0.0', '1.1.0']) {
		await registerThroughForm(page, {
			name: 'vision',
			version,
			file: { name: 'weights.bin', buffer: bytes }
		});
		await expect(page.getByText(`Registered vision:${version}.`)).toBeVisible();
	}
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download weights.bin' }).click();
	expect((await readFile(await (await download).path())).equals(bytes)).toBe(true);
	// The second registration's upload was dropped in its transaction: one artifact, nothing left over.
	await expectRegistryIntact(app, page);
	await expect(page.getByRole('status', { name: 'Check result' })).toContainText(
		'Checked 1 model, 2 versions, 1 artifact'
	);
});

test('the form fills in parameters, metrics and custom metrics', async ({ app, page }) => {
	await app.open('/register');
	await page.getByLabel('Model name').fill('fraud');
	await page.getByLabel('Version', { exact: true }).fill('2.0.0-rc.1');
	await page.getByLabel('Framework').selectOption('pytorch');
	await page.getByLabel('Accuracy').fill('0.93');
	await page.getByLabel('MSE').fill('1.5e-3');
	await page.getByRole('button', { name: 'Add a custom metric' }).click();
	await page.getByLabel('Metric name 1').fill('val_loss');
	await page.getByLabel('Metric value 1').fill('0.21');
	await page.getByLabel('Parameters').fill('lr = 0.001\nlayers = [64, 32]\noptimizer = adam');
	await page.getByRole('button', { name: 'Register version' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'fraud:2.0.0-rc.1' })).toBeVisible();
	const metrics = page.getByRole('region', { name: 'Metrics' });
	await expect(metrics.getByRole('row', { name: /Accuracy/ })).toHaveText(/0\.93/);
	await expect(metrics.getByRole('row', { name: /MSE/ })).toHaveText(/0\.0015/);
	await expect(metrics.getByRole('row', { name: /val_loss/ })).toHaveText(/0\.21/);
	const parameters = page.getByRole('region', { name: 'Parameters' });
	await expect(parameters.getByRole('row', { name: /layers/ })).toHaveText(/\[64,32\]/);
	await expect(parameters.getByRole('row', { name: /optimizer/ })).toHaveText(/adam/);
	await expect(page.getByText('pytorch').first()).toBeVisible();
});

test('invalid fields show their errors next to them and nothing is stored', async ({ app, page }) => {
	await app.open('/register');
	await page.getByLabel('Model name').fill('my model');
	await page.getByLabel('Version', { exact: true }).fill('v1.0');
	await page.getByLabel('Accuracy').fill('high');
	await page.getByRole('button', { name: 'Add a tag' }).click();
	await page.getByLabel('Tag name 1').fill('__proto__');
	await page.getByLabel('Tag value 1').fill('x');
	await page.getByLabel('Parameters').fill('{ "lr": 0.1, }');
	await page.getByRole('button', { name: 'Register version' }).click();

	await expect(page.getByLabel('Model name')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText(/"my model" is not a valid model name/)).toBeVisible();
	await expect(page.getByText('did you mean "1.0.0"?', { exact: false })).toBeVisible();
	await expect(page.getByText('Must be a finite number, not NaN.')).toBeVisible();
	await expect(page.getByText('tags.__proto__: "__proto__" is not allowed as a key.')).toBeVisible();
	await expect(page.getByText(/Not valid JSON/)).toBeVisible();
	await expect(page.getByLabel('Model name')).toBeFocused();

	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await page
		.getByRole('dialog', { name: 'Leave the register form?' })
		.getByRole('button', { name: 'Leave' })
		.click();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
});

test('a version that exists already is refused at the version field, and suggestions offer the next ones', async ({
	app,
	page
}) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	await page.getByRole('link', { name: 'churn', exact: true }).click();
	await page.getByRole('link', { name: 'Register a new version' }).click();
	await expect(page.getByLabel('Model name')).toHaveValue('churn');
	await expect(page.getByText('Adds a version to churn (1 so far).')).toBeVisible();

	await page.getByLabel('Version', { exact: true }).fill('1.0.0');
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(
		page.getByText('Version 1.0.0 of churn already exists. Choose another version number.')
	).toBeVisible();
	await expect(page.getByLabel('Version', { exact: true })).toHaveAttribute('aria-invalid', 'true');

	await page.getByRole('button', { name: '1.1.0 (next minor)' }).click();
	await expect(page.getByLabel('Version', { exact: true })).toHaveValue('1.1.0');
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'churn:1.1.0' })).toBeVisible();
});
