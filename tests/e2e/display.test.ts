import { expect, registerThroughForm, test } from './fixtures';

test('a parameter shows as written, with its exact value at hand', async ({ app, page }) => {
	await app.open();
	await registerThroughForm(page, {
		name: 'churn',
		version: '1.0.0',
		parameters: 'lr = 0.30000000000000004\nlayers = [0.1, 64]'
	});
	const parameters = page.getByRole('region', { name: 'Parameters' });
	const lr = parameters.getByRole('row', { name: /lr/ }).locator('code');
	await expect(lr).toHaveText('0.3');
	await expect(lr).toHaveAttribute('title', '0.30000000000000004');
	await expect(parameters.getByRole('row', { name: /layers/ }).locator('code')).toHaveText('[0.1,64]');
});

test('Settings names the app version and when it was built, not a timestamp in milliseconds', async ({
	app,
	page
}) => {
	await app.open('/settings');
	const version = page.getByRole('region', { name: 'App version' });
	await expect(version).toContainText(/Version \d+\.\d+\.\d+ \(built \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)\./);
	await expect(version).not.toContainText(/\d{13}/);
});

test('an unknown address shows a page that says so and leads back', async ({ app, page }) => {
	await app.open('/no/such/page');
	await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
	await expect(page).toHaveTitle('Page not found · Model Registry');
	await expect(page.getByText('404 Not Found')).toBeHidden();
	await page.getByRole('link', { name: 'Find versions' }).last().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Find versions' })).toBeVisible();

	await app.open('/no/such/page');
	await page.getByRole('link', { name: 'See all models' }).click();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
});
