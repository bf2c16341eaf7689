/** Numbers and messages a data scientist can trust: metric ranges, a cancelled sample load, a skipped import. */
import { expect, registerThroughForm, submitRegisterForm, test } from './fixtures';

test('accuracy 1.5 is refused next to its field, and nothing is registered', async ({ app, page }) => {
	await app.open();
	await submitRegisterForm(page, {
		name: 'churn',
		version: '1.0.0',
		metrics: { Accuracy: '1.5', MSE: '-3' },
		customMetrics: { latency_ms: '-2' }
	});
	const accuracy = page.getByLabel('Accuracy', { exact: true });
	await expect(accuracy).toHaveAttribute('aria-invalid', 'true');
	await expect(accuracy).toHaveAccessibleDescription('Must be between 0 and 1, not 1.5.');
	await expect(page.getByLabel('MSE', { exact: true })).toHaveAccessibleDescription(
		'Must be 0 or more, not -3.'
	);
	// A custom metric is free.
	await expect(page.getByLabel('Metric value 1')).not.toHaveAttribute('aria-invalid');

	await app.open();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
});

test('cancelling the sample data keeps nothing, says so, and it can be loaded again', async ({
	app,
	page
}) => {
	await app.open();
	const load = page.getByRole('button', { name: 'Load sample data' });
	await expect(load).toBeEnabled();
	// Another writer holds the registry's tables, as another tab's long write would: the sample data
	// cannot write a thing until they are free, and the Cancel lands before that.
	await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('model-registry');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const store = db.transaction('models', 'readwrite').objectStore('models');
		let held = true;
		const keepOpen = () => {
			if (held) store.count().onsuccess = keepOpen;
		};
		keepOpen();
		(window as unknown as { release: () => void }).release = () => (held = false);
	});
	await load.click();
	const progress = page.getByRole('progressbar', { name: 'Loading sample data' });
	await expect(progress).toBeVisible();
	await page.getByRole('button', { name: 'Cancel' }).click();
	await page.evaluate(() => (window as unknown as { release: () => void }).release());

	await expect(page.getByText('Cancelled. Nothing was changed.')).toBeVisible();
	await expect(progress).toBeHidden();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
	await app.open();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();

	await load.click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
	await expect(page.getByRole('table').getByRole('rowheader')).toHaveCount(5);
});

test('an import whose one differing version is kept says so', async ({ app, page }) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0', metrics: { Accuracy: '0.9' } });
	await page.getByRole('link', { name: 'Import & export' }).click();
	await page.getByLabel('Bundle file').setInputFiles({
		name: 'theirs.json',
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({
				format: 'model-registry-bundle',
				formatVersion: 1,
				models: [{ name: 'churn', versions: [{ version: '1.0.0', metrics: { accuracy: 0.8 } }] }]
			})
		)
	});
	await expect(page.getByText('0 new models, 0 new versions, 0 already here, 1 in conflict.')).toBeVisible();
	await page.getByLabel(/Keep mine/).check();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(
		page.getByText('Nothing was imported: 1 version differs here and was kept as yours (policy: keep mine).')
	).toBeVisible();
});
