import type { Page } from '@playwright/test';
import { expect, registerThroughForm, test } from './fixtures';

const VERSIONS = ['1.0.0', '1.1.0', '2.0.0', '3.0.0'];

test.beforeEach(async ({ app, page }) => {
	await app.open();
	for (const version of VERSIONS) await registerThroughForm(page, { name: 'churn', version });
	await app.open('/models/churn');
});

const bar = (page: Page) => page.getByRole('group', { name: 'Ticked versions' });
const table = (page: Page) => page.getByRole('table', { name: 'Versions' });
const row = (page: Page, version: string) =>
	table(page).getByRole('row', { name: new RegExp(`\\b${version.replaceAll('.', '\\.')}\\b`) });

/** The line under the model's name: "4 versions · custom · updated …". */
const versionCount = (page: Page) => page.getByRole('heading', { level: 1, name: 'churn' }).locator('+ p');

async function tick(page: Page, ...versions: string[]) {
	for (const version of versions) {
		await page.getByRole('checkbox', { name: `Select ${version} for comparison`, exact: true }).check();
	}
	await expect(bar(page).getByRole('status')).toHaveText(`${versions.length} selected`);
}

async function moveTo(page: Page, stage: string) {
	await bar(page).getByLabel('Move ticked versions to').selectOption(stage);
	await bar(page).getByRole('button', { name: 'Move', exact: true }).click();
}

test('ticked versions move to a stage together, each with its history', async ({ page }) => {
	// Nothing ticked: only the way to tick them all is offered.
	await expect(bar(page).getByRole('button', { name: 'Select all on this page' })).toBeVisible();
	await expect(bar(page).getByLabel('Move ticked versions to')).toHaveCount(0);

	await tick(page, '1.0.0', '2.0.0', '3.0.0');
	await moveTo(page, 'staging');
	await expect(page.getByText('Moved 3 versions of churn to staging.')).toBeVisible();
	for (const version of ['1.0.0', '2.0.0', '3.0.0'])
		await expect(row(page, version)).toContainText('staging');
	await expect(row(page, '1.1.0')).toContainText('development');
	const history = page.getByRole('region', { name: 'History' });
	await expect(history.getByRole('listitem').filter({ hasText: 'Stage: development → staging' })).toHaveCount(
		3
	);
});

test('several versions cannot go to production; the error names the rule and nothing moves', async ({
	page
}) => {
	await bar(page).getByRole('button', { name: 'Select all on this page' }).click();
	await expect(bar(page).getByRole('status')).toHaveText('4 selected');
	await moveTo(page, 'production');
	const select = bar(page).getByLabel('Move ticked versions to');
	await expect(select).toHaveAccessibleDescription(
		'A model has at most one version in production; 4 versions cannot all move there. Tick only the version to promote.'
	);
	await expect(select).toHaveAttribute('aria-invalid', 'true');
	for (const version of VERSIONS) await expect(row(page, version)).toContainText('development');

	// A tag without a key is refused at the key.
	await bar(page).getByRole('button', { name: 'Add tag' }).click();
	await expect(bar(page).getByLabel('Tag key')).toHaveAccessibleDescription('A key must not be empty.');
	await expect(bar(page).getByLabel('Tag key')).toBeFocused();

	await bar(page).getByRole('button', { name: 'Clear selection' }).click();
	await expect(bar(page).getByRole('status')).toHaveText('');
	await expect(page.getByRole('checkbox', { checked: true })).toHaveCount(0);
});

test('promoting asks first, and so does moving the production version out', async ({ page }) => {
	await tick(page, '3.0.0');
	await moveTo(page, 'production');
	const promote = page.getByRole('dialog', { name: 'Promote 3.0.0 to production?' });
	await expect(promote).toContainText('No version of churn is in production now.');
	await promote.getByRole('button', { name: 'Promote to production' }).click();
	await expect(row(page, '3.0.0')).toContainText('production');

	await tick(page, '3.0.0', '2.0.0');
	await moveTo(page, 'archived');
	const demote = page.getByRole('dialog', { name: 'Move 3.0.0 out of production?' });
	await expect(demote).toContainText('After this move no version of churn will be in production.');
	await demote.getByRole('button', { name: 'Cancel' }).click();
	await expect(demote).toBeHidden();
	await expect(row(page, '3.0.0')).toContainText('production');
	await expect(row(page, '2.0.0')).toContainText('development');

	await bar(page).getByRole('button', { name: 'Move', exact: true }).click();
	await demote.getByRole('button', { name: 'Move to archived' }).click();
	await expect(row(page, '3.0.0')).toContainText('archived');
	await expect(row(page, '2.0.0')).toContainText('archived');
	await expect(page.getByRole('region', { name: 'Aliases' })).toContainText('no version in production');
});

test('a tag added to two ticked versions shows on their pages and in search, and is removed again', async ({
	app,
	page
}) => {
	await tick(page, '1.0.0', '2.0.0');
	await bar(page).getByLabel('Tag key').fill('owner');
	await bar(page).getByLabel('Tag value').fill('ana');
	await bar(page).getByRole('button', { name: 'Add tag' }).click();
	await expect(page.getByText('Tagged 2 versions with owner=ana.')).toBeVisible();
	await expect(bar(page).getByLabel('Tag key')).toHaveValue('');

	await app.open('/models/churn/versions/2.0.0');
	await expect(page.getByRole('list', { name: 'Tags' })).toContainText('ownerana');
	await app.open('/search');
	await page.getByLabel('Tag', { exact: true }).fill('owner=ana');
	await expect(page.getByText('2 versions match')).toBeVisible();

	await app.open('/models/churn');
	await tick(page, '2.0.0');
	await bar(page).getByLabel('Tag key').fill('owner');
	await bar(page).getByRole('button', { name: 'Remove tag' }).click();
	await expect(page.getByText('Removed tag owner from the 1 version ticked.')).toBeVisible();
	await app.open('/models/churn/versions/2.0.0');
	await expect(page.getByText('No tags.')).toBeVisible();
	await app.open('/models/churn/versions/1.0.0');
	await expect(page.getByRole('list', { name: 'Tags' })).toContainText('ownerana');
});

test('deleting ticked versions asks first: cancel keeps them, confirm removes them', async ({ page }) => {
	await tick(page, '3.0.0');
	await moveTo(page, 'production');
	await page.getByRole('dialog').getByRole('button', { name: 'Promote to production' }).click();
	await expect(row(page, '3.0.0')).toContainText('production');
	await bar(page).getByRole('button', { name: 'Clear selection' }).click();

	await tick(page, '1.0.0', '3.0.0');
	await bar(page).getByRole('button', { name: 'Delete 2 versions' }).click();
	const dialog = page.getByRole('dialog', { name: 'Delete 2 versions of churn?' });
	await expect(dialog).toContainText('This deletes 1.0.0, 3.0.0');
	await expect(dialog).toContainText('churn:3.0.0 is in production.');
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(table(page).getByRole('row')).toHaveCount(1 + 4);
	await expect(versionCount(page)).toContainText('4 versions');

	await bar(page).getByRole('button', { name: 'Delete 2 versions' }).click();
	await dialog.getByRole('button', { name: 'Delete 2 versions' }).click();
	await expect(page.getByText('Deleted 2 versions of churn.')).toBeVisible();
	await expect(table(page).getByRole('row')).toHaveCount(1 + 2);
	await expect(row(page, '1.1.0')).toBeVisible();
	await expect(row(page, '2.0.0')).toBeVisible();
	await expect(versionCount(page)).toContainText('2 versions');
	// The ticked rows are gone, and with them the actions: work continues at the versions.
	await expect(page.getByRole('heading', { name: 'Versions', exact: true })).toBeFocused();
	await expect(bar(page).getByRole('status')).toHaveText('');
	await expect(page.getByRole('region', { name: 'Aliases' })).toContainText('no version in production');
});
