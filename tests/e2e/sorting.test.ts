import type { Locator, Page } from '@playwright/test';
import { compareSemver } from '../../src/lib/registry/semver';
import { APP_DATABASE_NAME } from '../../src/lib/worker/contract';
import { expect, test } from './fixtures';

// The model page's version table sorts every version of the model by the header clicked, not just
// the page on screen; the sort and the page are in the address.

interface StoredVersion {
	version: string;
	createdAt: string;
	metrics: Record<string, unknown> & { custom: Record<string, number> };
}

/** One model's versions as stored, read straight from IndexedDB: to know the expected order. */
function storedVersions(page: Page, model: string): Promise<StoredVersion[]> {
	return page.evaluate(
		async ([name, model]) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(name);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			try {
				const rows = await new Promise<Array<StoredVersion & { modelName: string }>>((resolve, reject) => {
					const request = db.transaction('versions').objectStore('versions').getAll();
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
				return rows
					.filter((row) => row.modelName === model)
					.map(({ version, createdAt, metrics }) => ({ version, createdAt, metrics }));
			} finally {
				db.close();
			}
		},
		[APP_DATABASE_NAME, model] as const
	);
}

/** Every sample version has every metric of its model. */
function valueOf(v: StoredVersion, metric: string): number {
	const value = (v.metrics[metric] as number | undefined) ?? v.metrics.custom[metric];
	if (value === undefined) throw new Error(`${v.version} has no ${metric}`);
	return value;
}

/** Versions by a metric, as the registry orders them: ties go to the highest version. */
function byMetric(versions: StoredVersion[], metric: string, descending: boolean): string[] {
	return [...versions]
		.sort((a, b) => {
			const x = valueOf(a, metric);
			const y = valueOf(b, metric);
			return x === y ? compareSemver(b.version, a.version) : (x - y) * (descending ? -1 : 1);
		})
		.map((v) => v.version);
}

const shownVersions = (table: Locator) =>
	table
		.getByRole('rowheader')
		.evaluateAll((cells) => cells.map((cell) => cell.querySelector('a')?.textContent));

test.beforeEach(async ({ app, page }) => {
	await app.open();
	await page.getByRole('button', { name: 'Load sample data' }).click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
});

test('a column per metric, sorted by version both ways across pages, kept on reload', async ({
	app,
	page
}) => {
	await app.open('/models/fraud-detector');
	const table = page.getByRole('table', { name: 'Versions' });
	await expect(table.getByRole('columnheader')).toContainText([
		'Version',
		'Stage',
		'Framework',
		'Recall',
		'AUC-ROC',
		'loss',
		'val_loss',
		'Registered'
	]);
	await expect(page.getByRole('region', { name: 'Versions table' })).toHaveAttribute('tabindex', '0');
	const version = table.getByRole('columnheader', { name: 'Version', exact: true });
	await expect(version).toHaveAttribute('aria-sort', 'descending');

	await version.getByRole('button').click();
	await expect(version).toHaveAttribute('aria-sort', 'ascending');
	const names = table.getByRole('rowheader');
	await expect(names.first()).toHaveText('1.0.0-rc.1');
	await expect(page).toHaveURL(/\/models\/fraud-detector\?sort=version-asc$/);
	await page.getByRole('navigation', { name: 'Version pages' }).getByRole('button', { name: 'Next' }).click();
	await expect(names).toHaveCount(10);
	await expect(names.last()).toHaveText(/^1\.19\.1\s*latest$/);
	await expect(page).toHaveURL(/\?sort=version-asc&page=2$/);

	await page.reload();
	await expect(version).toHaveAttribute('aria-sort', 'ascending');
	await expect(page.getByText('Page 2 of 2')).toBeVisible();
	await expect(names).toHaveCount(10);
	await expect(names.first()).toHaveText('1.16.1');

	// A second click turns it round, from the first page.
	await version.getByRole('button').click();
	await expect(version).toHaveAttribute('aria-sort', 'descending');
	await expect(names).toHaveCount(50);
	await expect(names.first()).toHaveText(/^1\.19\.1/);
	await expect(page).toHaveURL(/\/models\/fraud-detector$/);
});

test('a metric header sorts every version best first, then the other way', async ({ app, page }) => {
	await app.open('/models/fraud-detector');
	const stored = await storedVersions(page, 'fraud-detector');
	expect(stored).toHaveLength(60);
	const table = page.getByRole('table', { name: 'Versions' });
	const pages = page.getByRole('navigation', { name: 'Version pages' });

	// A loss: lower is better, so the first click puts the lowest first.
	const loss = table.getByRole('columnheader', { name: 'loss', exact: true });
	await loss.getByRole('button').click();
	await expect(loss).toHaveAttribute('aria-sort', 'ascending');
	await expect(table.getByRole('columnheader', { name: 'Version', exact: true })).not.toHaveAttribute(
		'aria-sort'
	);
	const lossUp = byMetric(stored, 'loss', false);
	await expect.poll(() => shownVersions(table)).toEqual(lossUp.slice(0, 50));
	await pages.getByRole('button', { name: 'Next' }).click();
	await expect.poll(() => shownVersions(table)).toEqual(lossUp.slice(50));
	await expect(page).toHaveURL(/\?sort=metric%3Aloss-asc&page=2$/);

	await loss.getByRole('button').click();
	await expect(loss).toHaveAttribute('aria-sort', 'descending');
	await expect.poll(() => shownVersions(table)).toEqual(byMetric(stored, 'loss', true).slice(0, 50));

	// AUC-ROC: higher is better, so the first click puts the highest first.
	const auc = table.getByRole('columnheader', { name: 'AUC-ROC' });
	await auc.getByRole('button').click();
	await expect(auc).toHaveAttribute('aria-sort', 'descending');
	await expect.poll(() => shownVersions(table)).toEqual(byMetric(stored, 'aucRoc', true).slice(0, 50));
	const column = (await table.locator('thead th').allInnerTexts()).findIndex((text) =>
		text.startsWith('AUC')
	);
	const shownAuc = (await table.locator(`tbody tr > :nth-child(${column + 1})`).allInnerTexts()).map(Number);
	expect(shownAuc).toEqual([...shownAuc].sort((a, b) => b - a));
});

test('sorted by registration time both ways across every page', async ({ app, page }) => {
	await app.open('/models/fraud-detector');
	// Registered in one go, several versions can share a millisecond: the version string breaks the tie.
	const key = (v: StoredVersion) => `${v.createdAt} ${v.version}`;
	const oldestFirst = (await storedVersions(page, 'fraud-detector'))
		.sort((a, b) => (key(a) < key(b) ? -1 : 1))
		.map((v) => v.version);
	const table = page.getByRole('table', { name: 'Versions' });
	const pages = page.getByRole('navigation', { name: 'Version pages' });
	const registered = table.getByRole('columnheader', { name: 'Registered' });
	for (const [direction, expected] of [
		['descending', [...oldestFirst].reverse()],
		['ascending', oldestFirst]
	] as const) {
		await registered.getByRole('button').click();
		await expect(registered).toHaveAttribute('aria-sort', direction);
		await expect.poll(() => shownVersions(table)).toEqual(expected.slice(0, 50));
		await pages.getByRole('button', { name: 'Next' }).click();
		await expect.poll(() => shownVersions(table)).toEqual(expected.slice(50));
	}
});

test('a shared address opens sorted on its page; invalid values fall back', async ({ app, page }) => {
	await app.open('/models/fraud-detector');
	const expected = byMetric(await storedVersions(page, 'fraud-detector'), 'val_loss', true);
	const table = page.getByRole('table', { name: 'Versions' });

	await app.open('/models/fraud-detector?sort=metric:val_loss-desc&page=2');
	await expect(table.getByRole('columnheader', { name: 'val_loss' })).toHaveAttribute(
		'aria-sort',
		'descending'
	);
	await expect(page.getByText('Page 2 of 2')).toBeVisible();
	await expect.poll(() => shownVersions(table)).toEqual(expected.slice(50));

	// By stage, in lifecycle order: archived last, so first when turned round.
	await app.open('/models/fraud-detector?sort=stage-desc');
	const stage = table.getByRole('columnheader', { name: 'Stage', exact: true });
	await expect(stage).toHaveAttribute('aria-sort', 'descending');
	const lifecycle = ['development', 'staging', 'production', 'archived'];
	await expect
		.poll(async () => {
			const ranks = (await table.locator('tbody tr > :nth-child(3)').allInnerTexts()).map((text) =>
				lifecycle.indexOf(text.trim())
			);
			return ranks.length === 50 && ranks.every((rank, i) => rank >= (ranks[i + 1] ?? 0));
		})
		.toBe(true);
	await expect(table.getByRole('row').nth(1)).toContainText('archived');
	await stage.getByRole('button').click();
	await expect(stage).toHaveAttribute('aria-sort', 'ascending');
	await expect(table.getByRole('row').nth(1)).toContainText('development');

	await app.open('/models/fraud-detector?sort=sideways-up&page=-3');
	const version = table.getByRole('columnheader', { name: 'Version', exact: true });
	await expect(version).toHaveAttribute('aria-sort', 'descending');
	await expect(table.getByRole('rowheader').first()).toHaveText(/^1\.19\.1/);
	await expect(page.getByText('Page 1 of 2')).toBeVisible();

	await app.open('/models/fraud-detector?sort=metric:__proto__-desc');
	await expect(version).toHaveAttribute('aria-sort', 'descending');
	await expect(table.getByRole('rowheader')).toHaveCount(50);

	// A page past the end: nothing on it, and a way back.
	await app.open('/models/fraud-detector?page=9');
	await expect(page.getByText('There are no versions on this page.')).toBeVisible();
	const pager = page.getByRole('navigation', { name: 'Version pages' });
	await expect(pager.getByRole('button', { name: 'Next' })).toBeDisabled();
	await page.getByRole('button', { name: 'Go to the first page' }).click();
	await expect(table.getByRole('rowheader').first()).toHaveText(/^1\.19\.1/);
});

test('many metrics: the first six shown, the rest by choice; a metric sorts best first by the model’s own direction', async ({
	app,
	page
}) => {
	const metrics = (score: number | undefined) => ({
		accuracy: 0.9,
		custom: {
			...Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((n) => [`c${n}`, n])),
			...(score !== undefined && { score })
		}
	});
	const bundle = {
		format: 'model-registry-bundle',
		formatVersion: 1,
		models: [
			{
				name: 'wide',
				// "score" would be higher-is-better by its name; this model says lower.
				metricDirections: { score: 'lower' },
				versions: [
					{ version: '1.0.0', metrics: metrics(3) },
					{ version: '2.0.0', metrics: metrics(1) },
					{ version: '3.0.0', metrics: metrics(undefined) },
					{ version: '4.0.0', metrics: metrics(2) }
				]
			}
		]
	};
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles({
		name: 'wide.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(bundle))
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByText('Imported 1 model: 4 versions added')).toBeVisible();

	await app.open('/models/wide');
	const table = page.getByRole('table', { name: 'Versions' });
	const headers = table.getByRole('columnheader');
	await expect(headers).toContainText(['Accuracy', 'c1', 'c2', 'c3', 'c4', 'c5', 'Registered']);
	await expect(headers.filter({ hasText: /^(c6|c7|score)$/ })).toHaveCount(0);

	const choice = page.getByText('Metric columns (6 of 9)');
	await choice.click();
	const columns = page.getByRole('group', { name: 'Show a column for' });
	await columns.getByRole('checkbox', { name: 'score' }).check();
	await columns.getByRole('checkbox', { name: 'c1' }).uncheck();
	await expect(page.getByText('Metric columns (6 of 9)')).toBeVisible();
	await expect(headers.filter({ hasText: /^c1$/ })).toHaveCount(0);

	const score = table.getByRole('columnheader', { name: 'score' });
	await score.getByRole('button').click();
	await expect(score).toHaveAttribute('aria-sort', 'ascending');
	// The version without a score comes last either way.
	await expect.poll(() => shownVersions(table)).toEqual(['2.0.0', '4.0.0', '1.0.0', '3.0.0']);
	await score.getByRole('button').click();
	await expect(score).toHaveAttribute('aria-sort', 'descending');
	await expect.poll(() => shownVersions(table)).toEqual(['1.0.0', '4.0.0', '2.0.0', '3.0.0']);
});
