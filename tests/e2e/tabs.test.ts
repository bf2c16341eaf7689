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
