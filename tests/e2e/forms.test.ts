import { expect, test } from './fixtures';

test('a field’s error goes as soon as the field is edited, in the register form and the inline forms', async ({
	app,
	page
}) => {
	await app.open('/register');
	await page.getByLabel('Model name').fill('my model');
	await page.getByLabel('Version', { exact: true }).fill('v1.0');
	await page.getByRole('button', { name: 'Add a tag' }).click();
	await page.getByLabel('Tag value 1').fill('x');
	await page.getByRole('button', { name: 'Register version' }).click();
	const name = page.getByLabel('Model name');
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('Every tag needs a name.')).toBeVisible();

	await name.fill('churn');
	await expect(name).not.toHaveAttribute('aria-invalid');
	await expect(page.getByText(/is not a valid model name/)).toBeHidden();
	// Only the field edited is cleared: the others still say what is wrong with them.
	await expect(page.getByLabel('Version', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: '1.0.0 (next major)' }).click();
	await expect(page.getByLabel('Version', { exact: true })).not.toHaveAttribute('aria-invalid');
	await page.getByLabel('Tag name 1').fill('team');
	await expect(page.getByText('Every tag needs a name.')).toBeHidden();
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'churn:1.0.0' })).toBeVisible();

	await page.getByLabel('New alias').fill('latest');
	await page.getByRole('button', { name: 'Set alias' }).click();
	const alias = page.getByLabel('New alias');
	await expect(alias).toHaveAttribute('aria-invalid', 'true');
	await alias.fill('champion');
	await expect(alias).not.toHaveAttribute('aria-invalid');
	await expect(page.getByText(/"latest" always means the highest version/)).toBeHidden();

	await page.getByRole('button', { name: 'Edit tags' }).click();
	await page.getByRole('button', { name: 'Add a tag' }).click();
	await page.getByLabel('Tag value 2').fill('growth');
	await page.getByRole('button', { name: 'Save tags' }).click();
	await expect(page.getByText('Every tag needs a name.')).toBeVisible();
	await page.getByLabel('Tag name 2').fill('owner');
	await expect(page.getByText('Every tag needs a name.')).toBeHidden();
});
