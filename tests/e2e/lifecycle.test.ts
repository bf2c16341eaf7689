import { expect, registerThroughForm, test } from './fixtures';

test.beforeEach(async ({ app, page }) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	await registerThroughForm(page, { name: 'churn', version: '2.0.0' });
});

async function moveTo(page: import('@playwright/test').Page, stage: string) {
	await page.getByLabel('Move to stage').selectOption(stage);
	await page.getByRole('button', { name: 'Move', exact: true }).click();
}

test('promoting a second version to production asks first, then archives the first', async ({
	app,
	page
}) => {
	await app.open('/models/churn/versions/1.0.0');
	await moveTo(page, 'production');
	const dialog = page.getByRole('dialog', { name: 'Promote 1.0.0 to production?' });
	await expect(dialog).toContainText('No version of churn is in production now.');
	await dialog.getByRole('button', { name: 'Promote to production' }).click();
	await expect(page.getByText('Moved churn:1.0.0 to production.')).toBeVisible();

	await app.open('/models/churn/versions/2.0.0');
	await moveTo(page, 'production');
	const second = page.getByRole('dialog', { name: 'Promote 2.0.0 to production?' });
	await expect(second).toContainText('churn:1.0.0 is in production now. It will be moved to archived.');
	await second.getByRole('button', { name: 'Promote to production' }).click();
	await expect(page.getByRole('region', { name: 'History' })).toContainText(
		'Stage: development → production'
	);

	await page.getByRole('link', { name: 'churn', exact: true }).click();
	const rows = page.getByRole('table', { name: 'Versions' });
	await expect(rows.getByRole('row', { name: /2\.0\.0/ })).toContainText('production');
	await expect(rows.getByRole('row', { name: /1\.0\.0/ })).toContainText('archived');
	await expect(page.getByRole('region', { name: 'History' })).toContainText(
		'Stage: production → archived (replaced by 2.0.0)'
	);
});

test('cancelling the promotion changes nothing', async ({ app, page }) => {
	await app.open('/models/churn/versions/1.0.0');
	await moveTo(page, 'production');
	await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByRole('dialog')).toBeHidden();
	await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem')).toHaveCount(1);
});

test('a version moves to any stage, and aliases are set, moved and removed', async ({ app, page }) => {
	await app.open('/models/churn/versions/2.0.0');
	await moveTo(page, 'staging');
	await expect(page.getByRole('region', { name: 'History' })).toContainText('Stage: development → staging');

	await page.getByLabel('New alias').fill('champion');
	await page.getByRole('button', { name: 'Set alias' }).click();
	await expect(page.getByRole('region', { name: 'Lifecycle' }).getByText('champion')).toBeVisible();
	await page.getByLabel('New alias').fill('latest');
	await page.getByRole('button', { name: 'Set alias' }).click();
	await expect(
		page.getByText('"latest" always means the highest version; choose another alias.')
	).toBeVisible();

	await app.open('/models/churn/versions/1.0.0');
	await page.getByLabel('New alias').fill('champion');
	await page.getByRole('button', { name: 'Set alias' }).click();
	const move = page.getByRole('dialog', { name: 'Move alias champion?' });
	await expect(move).toContainText('champion points at churn:2.0.0 now. It will move from 2.0.0 to 1.0.0.');
	await move.getByRole('button', { name: 'Move alias' }).click();
	await expect(page.getByRole('region', { name: 'Lifecycle' }).getByText('champion')).toBeVisible();
	await page.getByRole('link', { name: 'churn', exact: true }).click();
	await expect(page.getByRole('region', { name: 'Aliases' })).toContainText('champion → 1.0.0');

	await app.open('/models/churn/versions/1.0.0');
	await page.getByRole('button', { name: 'Remove alias champion' }).click();
	await expect(page.getByText('No alias points at this version.')).toBeVisible();
});

test('descriptions and tags are edited in place', async ({ app, page }) => {
	await app.open('/models/churn');
	await page.getByRole('button', { name: 'Edit description' }).click();
	await page.getByLabel('Description (Markdown)').fill('Predicts **churn**.');
	await page.getByRole('button', { name: 'Save description' }).click();
	await expect(page.getByRole('region', { name: 'About' }).locator('strong')).toHaveText('churn');

	await page.getByRole('button', { name: 'Edit tags' }).click();
	await page.getByRole('button', { name: 'Add a tag' }).click();
	await page.getByLabel('Tag name 1').fill('team');
	await page.getByLabel('Tag value 1').fill('growth');
	await page.getByRole('button', { name: 'Save tags' }).click();
	await expect(page.getByRole('list', { name: 'Tags' })).toHaveText(/team\s*growth/);
	await expect(page.getByRole('region', { name: 'History' })).toContainText('Edited tags');
});

test('deleting a version and a model asks first', async ({ app, page }) => {
	await app.open('/models/churn/versions/2.0.0');
	await page.getByRole('button', { name: 'Delete version' }).click();
	await page
		.getByRole('dialog', { name: 'Delete churn:2.0.0?' })
		.getByRole('button', { name: 'Delete version' })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'churn' })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Versions' }).getByRole('rowheader')).toHaveText([/1\.0\.0/]);

	await page.getByRole('button', { name: 'Delete model' }).click();
	const dialog = page.getByRole('dialog', { name: 'Delete churn?' });
	await expect(dialog).toContainText('This deletes the only version of churn');
	await dialog.getByRole('button', { name: 'Delete model' }).click();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
});

test('moving the production version out asks first and says none will be in production', async ({
	app,
	page
}) => {
	await app.open('/models/churn/versions/1.0.0');
	await moveTo(page, 'production');
	await page.getByRole('dialog').getByRole('button', { name: 'Promote to production' }).click();
	await expect(page.getByText('Moved churn:1.0.0 to production.')).toBeVisible();

	await moveTo(page, 'archived');
	const dialog = page.getByRole('dialog', { name: 'Move 1.0.0 out of production?' });
	await expect(dialog).toContainText('After this move no version of churn will be in production.');
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'churn:1.0.0' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem')).toHaveCount(2);

	await moveTo(page, 'archived');
	await dialog.getByRole('button', { name: 'Move to archived' }).click();
	await expect(page.getByText('Moved churn:1.0.0 to archived.')).toBeVisible();
	await page.getByRole('link', { name: 'churn', exact: true }).click();
	await expect(page.getByRole('region', { name: 'Aliases' })).toContainText('no version in production');
});

test('the delete dialogs say when a version in production goes', async ({ app, page }) => {
	await app.open('/models/churn/versions/2.0.0');
	await moveTo(page, 'production');
	await page.getByRole('dialog').getByRole('button', { name: 'Promote to production' }).click();
	await expect(page.getByText('Moved churn:2.0.0 to production.')).toBeVisible();

	await page.getByRole('button', { name: 'Delete version' }).click();
	await expect(page.getByRole('dialog', { name: 'Delete churn:2.0.0?' })).toContainText(
		'churn:2.0.0 is in production. After this no version of churn will be in production.'
	);
	await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

	await page.getByRole('link', { name: 'churn', exact: true }).click();
	await page.getByRole('button', { name: 'Delete model' }).click();
	await expect(page.getByRole('dialog', { name: 'Delete churn?' })).toContainText(
		'churn:2.0.0 is in production.'
	);

	await app.open('/models/churn/versions/1.0.0');
	await page.getByRole('button', { name: 'Delete version' }).click();
	await expect(page.getByRole('dialog', { name: 'Delete churn:1.0.0?' })).not.toContainText('in production');
});
