/**
 * axe-core finds nothing wrong on any page: on a desktop and on a 390 px phone, in the light and the dark
 * palette. Each test loads its page once and checks it four times, switching width and palette in place.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { expect, test } from './fixtures';
import { previewPullOf, previewPushOf, unique } from './mlflow-page';
import { MLFLOW_URL, seedModel } from './mlflow-seed';

const WIDTHS = [1280, 390];
const SCHEMES = ['light', 'dark'] as const;
/** What a palette changes: the page's structure is the same in both, so the dark run checks colours only. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

// Four axe runs on a page of several hundred elements take tens of seconds on a busy two-core machine.
test.describe.configure({ timeout: 120_000 });

/**
 * Runs axe's rules (WCAG 2.2 A and AA, and its best practices) at every width and palette; names what fails.
 */
async function expectNoViolations(page: Page) {
	const found: string[] = [];
	for (const width of WIDTHS) {
		for (const colorScheme of SCHEMES) {
			await page.setViewportSize({ width, height: 844 });
			await page.emulateMedia({ colorScheme });
			const axe = new AxeBuilder({ page })
				// Off by default in axe; on in Lighthouse: every tap target 24 px, or 24 px from the next one.
				.options({ rules: { 'target-size': { enabled: true } } });
			if (colorScheme !== SCHEMES[0]) axe.withRules(COLOUR_RULES);
			const { violations } = await axe.analyze();
			for (const violation of violations) {
				const targets = violation.nodes.map((node) => node.target.join(' ')).join(' | ');
				found.push(`${width} px ${colorScheme}: ${violation.id} (${violation.impact}) at ${targets}`);
			}
		}
	}
	expect(found, found.join('\n')).toEqual([]);
}

async function loadSampleData(page: Page) {
	await page.getByRole('button', { name: 'Load sample data' }).click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
}

test('the empty home page, and the model list with data', async ({ app, page }) => {
	await app.open();
	await expect(page.getByRole('button', { name: 'Load sample data' })).toBeEnabled();
	await expectNoViolations(page);
	await loadSampleData(page);
	await expect(page.getByRole('link', { name: 'fraud-detector' }).first()).toBeVisible();
	await expectNoViolations(page);
});

test('a model page with its charts and versions', async ({ app, page }) => {
	await app.open();
	await loadSampleData(page);
	await app.open('/models/churn-classifier');
	await expect(page.getByRole('heading', { level: 1, name: 'churn-classifier' })).toBeVisible();
	await expect(page.getByRole('main').getByRole('table').first()).toBeVisible();
	await expectNoViolations(page);
});

test('a version page', async ({ app, page }) => {
	await app.open();
	await loadSampleData(page);
	await app.open('/models/churn-classifier/versions/1.7.0');
	await expect(page.getByRole('heading', { level: 1, name: 'churn-classifier:1.7.0' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'History' })).toBeVisible();
	await expectNoViolations(page);
});

test('the register form, empty and with a mistake shown', async ({ app, page }) => {
	await app.open('/register');
	await expect(page.getByLabel('Model name')).toBeVisible();
	await expectNoViolations(page);
	await page.getByLabel('Model name').fill('a model');
	await page.getByRole('button', { name: 'Register version' }).click();
	await expect(page.getByLabel('Model name')).toHaveAttribute('aria-invalid', 'true');
	await expectNoViolations(page);
});

test('search with results', async ({ app, page }) => {
	await app.open();
	await loadSampleData(page);
	await app.open('/search');
	await page.getByLabel('Search versions').fill('risk');
	await expect(page.getByText('60 versions match')).toBeVisible();
	await expectNoViolations(page);
});

test('comparing two versions', async ({ app, page }) => {
	await app.open();
	await loadSampleData(page);
	await app.open('/compare/churn-classifier:1.7.0/churn-classifier:1.6.0');
	await expect(page.getByRole('main').getByRole('table').first()).toContainText('1.6.0');
	await expectNoViolations(page);
});

test('the leaderboard', async ({ app, page }) => {
	await app.open();
	await loadSampleData(page);
	await app.open('/leaderboard');
	await expect(page.getByRole('main').getByRole('figure').first()).toBeVisible();
	await page.getByRole('button', { name: 'Show data table' }).click();
	await expect(page.getByRole('main').getByRole('table').first()).toBeVisible();
	await expectNoViolations(page);
});

test('import and export, with an import preview', async ({ app, page }) => {
	await app.open('/transfer');
	await expect(page.getByRole('button', { name: 'Download bundle' })).toBeVisible();
	await page.getByLabel('Bundle file').setInputFiles(resolve('tests/fixtures/bundles/valid-to-dict.json'));
	await expect(page.getByRole('table', { name: 'Import preview' })).toBeVisible();
	await expectNoViolations(page);
});

test('settings', async ({ app, page }) => {
	await app.open('/settings');
	await page.getByRole('button', { name: 'Check registry' }).click();
	await expect(page.getByRole('status', { name: 'Check result' })).toContainText('no problems found');
	await expectNoViolations(page);
});

test('settings with a server tested, and the MLflow page with a pull and a push to review', async ({
	app,
	page
}) => {
	const name = unique('a11y');
	await seedModel(name, [{ metrics: { accuracy: 0.8 }, params: {}, files: { 'model.pkl': 'bytes' } }]);
	await app.open();
	await loadSampleData(page);
	await app.open('/settings');
	await page.getByLabel('Server address').fill(MLFLOW_URL);
	await page.getByRole('button', { name: 'Test connection' }).click();
	await expect(page.getByText('Connected to MLflow')).toBeVisible();
	await page.getByRole('button', { name: 'Save server' }).click();
	await expect(page.getByRole('button', { name: `Remove ${MLFLOW_URL}` })).toBeVisible();
	await expectNoViolations(page);

	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'MLflow' }).click();
	await previewPullOf(page, name);
	await expect(page.getByRole('table', { name: 'Pull preview' })).toBeVisible();
	await previewPushOf(page, 'churn-classifier');
	await expect(page.getByRole('table', { name: 'Push preview' })).toBeVisible();
	await expectNoViolations(page);
});

test('a page that does not exist', async ({ app, page }) => {
	await app.open('/no/such/page');
	await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
	await expectNoViolations(page);
});
