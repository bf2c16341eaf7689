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

test('"Register a new version" on a model page starts from the model’s name and framework', async ({
	app,
	page
}) => {
	await app.open('/register');
	await page.getByLabel('Model name').fill('fraud');
	await page.getByLabel('Version', { exact: true }).fill('1.0.0');
	await page.getByLabel('Framework').selectOption('pytorch');
	await page.getByRole('button', { name: 'Register version' }).click();
	await page.getByRole('link', { name: 'fraud', exact: true }).click();

	await page.getByRole('link', { name: 'Register a new version' }).click();
	await expect(page.getByLabel('Model name')).toHaveValue('fraud');
	await expect(page.getByLabel('Framework')).toHaveValue('pytorch');
	await page.getByLabel('Version', { exact: true }).fill('1.1.0');
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'fraud:1.1.0' })).toBeVisible();
	await expect(page.getByText('· pytorch ·')).toBeVisible();

	// A framework the person picks is kept, whatever model the name names.
	await page.getByRole('link', { name: 'Register', exact: true }).click();
	await expect(page.getByLabel('Framework')).toHaveValue('custom');
	await page.getByLabel('Framework').selectOption('onnx');
	await page.getByLabel('Model name').fill('fraud');
	await expect(page.getByText('Adds a version to fraud (2 so far).')).toBeVisible();
	await expect(page.getByLabel('Framework')).toHaveValue('onnx');
});

test('leaving the register form with something typed asks first; stay keeps it, leave goes', async ({
	app,
	page
}) => {
	await app.open('/register');
	// An untouched form lets the person go without a question.
	await page.getByRole('link', { name: 'Find versions' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Find versions' })).toBeVisible();

	await page.getByRole('link', { name: 'Register', exact: true }).click();
	await page.getByLabel('Model name').fill('churn');
	await page.getByLabel('Description (Markdown)').fill('Half written');
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Leave the register form?' });
	await expect(dialog).toContainText('What you typed has not been registered.');
	await dialog.getByRole('button', { name: 'Stay' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Register a version' })).toBeVisible();
	await expect(page.getByLabel('Description (Markdown)')).toHaveValue('Half written');

	// Closing the tab gets the browser's own question; dismissing it keeps the page and what was typed.
	const question = page.waitForEvent('dialog');
	await page.close({ runBeforeUnload: true });
	const unload = await question;
	expect(unload.type()).toBe('beforeunload');
	await unload.dismiss();
	await expect(page.getByLabel('Description (Markdown)')).toHaveValue('Half written');

	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await dialog.getByRole('button', { name: 'Leave' }).click();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();

	// Registering is not leaving work behind: no question on the way to the new version.
	await page.getByRole('link', { name: 'Register', exact: true }).click();
	await page.getByLabel('Model name').fill('churn');
	await page.getByLabel('Version', { exact: true }).fill('1.0.0');
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'churn:1.0.0' })).toBeVisible();
	await expect(dialog).toBeHidden();
});
