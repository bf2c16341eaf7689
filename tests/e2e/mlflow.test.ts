import { createServer } from 'node:net';
import { expect, registerThroughForm, test } from './fixtures';
import { addServer, previewPullOf, unique } from './mlflow-page';
import { MLFLOW_URL, seedModel, versionsOnServer } from './mlflow-seed';

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
	return new Promise((done) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

test('a server is tested before it is kept, and a refusal says why and what to do', async ({
	app,
	page,
	baseURL
}, testInfo) => {
	await app.open('/settings');
	await expect(page.getByText('No server yet.')).toBeVisible();
	const address = page.getByLabel('Server address');

	await address.fill(MLFLOW_URL);
	await page.getByRole('button', { name: 'Test connection' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Connected to MLflow 3.17.2.' })).toContainText(
		'The server serves model files'
	);

	// The app's own static host is a server that allows no other origin: a CORS refusal. From disk the
	// page's origin is "null"; served, another name for the same host makes it another origin.
	const fromDisk = testInfo.project.name === 'file';
	const otherOrigin = fromDisk ? baseURL! : baseURL!.replace('127.0.0.1', 'localhost');
	await address.fill(otherOrigin);
	await page.getByRole('button', { name: 'Test connection' }).click();
	const refusal = page.getByRole('alert').filter({ hasText: 'The server could not be used.' });
	await expect(refusal).toContainText(
		`--cors-allowed-origins '${fromDisk ? 'null' : new URL(baseURL!).origin}'`
	);

	await address.fill(`http://127.0.0.1:${await closedPort()}`);
	await page.getByRole('button', { name: 'Test connection' }).click();
	await expect(refusal).toContainText('No server answered');

	await address.fill('mlflow.example.com');
	await page.getByRole('button', { name: 'Save server' }).click();
	await expect(address).toHaveAccessibleDescription(/starting with http:\/\/ or https:\/\//);
	await expect(address).toBeFocused();

	await address.fill(MLFLOW_URL);
	await page.getByRole('button', { name: 'Save server' }).click();
	await app.open('/settings');
	await expect(page.getByRole('button', { name: `Edit ${MLFLOW_URL}` })).toBeVisible();

	await page.getByRole('button', { name: `Remove ${MLFLOW_URL}` }).click();
	await page
		.getByRole('dialog', { name: 'Remove this server?' })
		.getByRole('button', { name: 'Remove server' })
		.click();
	await expect(page.getByText('No server yet.')).toBeVisible();
});

test('models pulled from MLflow arrive whole, and pulling an unchanged server again changes nothing', async ({
	app,
	page
}) => {
	const name = unique('pulled');
	await seedModel(name, [
		{ metrics: { accuracy: 0.81, auc: 0.9 }, params: { depth: '6' }, files: { 'model.pkl': 'v1 bytes' } },
		{
			metrics: { accuracy: 0.86 },
			params: { depth: '8' },
			stage: 'Production',
			files: { MLmodel: 'flavors:\n  sklearn: {}\n', 'data/model.pkl': 'v2 bytes' }
		}
	]);
	await app.open();
	await addServer(page);
	await page.getByRole('link', { name: 'MLflow', exact: true }).click();
	await previewPullOf(page, name);

	const preview = page.getByRole('table', { name: 'Pull preview' });
	await expect(preview.getByRole('row', { name: new RegExp(name) })).toContainText('new model');
	await page.getByRole('button', { name: 'Apply pull' }).click();
	await expect(
		page.getByText('Pulled 1 model: 2 versions added, 0 replaced, 0 kept as they were.')
	).toBeVisible();

	await app.open(`/models/${name}/versions/2.0.0`);
	await expect(page.getByRole('heading', { level: 1, name: `${name}:2.0.0` })).toBeVisible();
	await expect(page.getByText('production', { exact: true }).first()).toBeVisible();
	await expect(page.getByRole('row', { name: /data\/model\.pkl/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Version 2 in MLflow' })).toHaveAttribute(
		'href',
		`${MLFLOW_URL}/#/models/${name}/versions/2`
	);

	await app.open('/sync');
	await previewPullOf(page, name);
	await expect(page.getByText('0 new models, 0 new versions, 2 already here, 0 in conflict.')).toBeVisible();
	await page.getByRole('button', { name: 'Apply pull' }).click();
	await expect(page.getByText('Nothing to pull: this registry already has all of it.')).toBeVisible();
});

test('a version made here is pushed with its files, and pushing it again does nothing', async ({
	app,
	page
}) => {
	const name = unique('pushed');
	await app.open();
	await registerThroughForm(page, {
		name,
		version: '1.2.0',
		metrics: { Accuracy: '0.9' },
		file: { name: 'weights.bin', buffer: Buffer.alloc(2048, 3) }
	});
	await addServer(page);
	// From the model's page: the MLflow page opens with the model chosen, as its address says.
	await app.open(`/models/${name}`);
	await page.getByRole('link', { name: 'Push to MLflow' }).click();
	await expect(page).toHaveURL(new RegExp(`#/sync\\?push=${name}$`));
	await expect(
		page
			.getByRole('group', { name: 'Models whose versions to push' })
			.getByRole('checkbox', { name: new RegExp(`^${name}`) })
	).toBeChecked();
	await page.getByRole('button', { name: 'Review the push' }).click();
	await expect(page.getByText('1 new version to push, 0 already on the server')).toBeVisible();
	await expect(page.getByRole('checkbox', { name: `Push ${name} 1.2.0` })).toBeChecked();
	await page.getByRole('button', { name: 'Push 1 of 1' }).click();
	await expect(page.getByText(/^Pushed 1 version/)).toBeVisible();

	const [pushed] = await versionsOnServer(name);
	expect(pushed?.tags['model_registry.version']).toBe('1.2.0');

	await page.getByRole('button', { name: 'Review the push' }).click();
	await expect(page.getByRole('row', { name: `${name} 1.2.0` })).toContainText('already there, as version 1');
	await expect(page.getByRole('button', { name: 'Push 0 of 0' })).toBeDisabled();
	expect(await versionsOnServer(name)).toHaveLength(1);
});
