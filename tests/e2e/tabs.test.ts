import { expect, registerThroughForm, test } from './fixtures';

test('a change in one tab shows in another without a reload', async ({ app, page, context }) => {
	await app.open();
	const other = await context.newPage();
	await app.open('/', other);
	await expect(other.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();

	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	await expect(other.getByRole('row', { name: /churn/ })).toContainText('1.0.0');

	await app.open('/models/churn/versions/1.0.0', other);
	await page.getByLabel('Move to stage').selectOption('staging');
	await page.getByRole('button', { name: 'Move', exact: true }).click();
	await expect(other.getByRole('region', { name: 'History' })).toContainText('Stage: development → staging');
	await expect(other.getByRole('paragraph').getByText('staging', { exact: true })).toBeVisible();
});

test('a confirmation open in one tab closes when another tab deletes the version and registers it anew', async ({
	app,
	page,
	context
}) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	await page.getByLabel('Move to stage').selectOption('production');
	await page.getByRole('button', { name: 'Move', exact: true }).click();
	const question = page.getByRole('dialog', { name: 'Promote 1.0.0 to production?' });
	await expect(question).toBeVisible();

	const other = await context.newPage();
	await app.open('/models/churn/versions/1.0.0', other);
	await other.getByRole('button', { name: 'Delete version' }).click();
	await other
		.getByRole('dialog', { name: 'Delete churn:1.0.0?' })
		.getByRole('button', { name: 'Delete version' })
		.click();
	await expect(page.getByText('Version 1.0.0 of churn does not exist.')).toBeVisible();
	await registerThroughForm(other, { name: 'churn', version: '1.0.0' });

	// The page is back, for a version nobody was asked about: no promotion waits for a click.
	await expect(page.getByRole('heading', { level: 1, name: 'churn:1.0.0' })).toBeVisible();
	await expect(question).toBeHidden();
	await expect(page.getByText('development', { exact: true }).first()).toBeVisible();
});
