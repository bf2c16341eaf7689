/**
 * A 390 px phone: no page is wider than the screen, wide tables scroll inside a region a keyboard can
 * reach, and the header's links and "Install app" never cover one another.
 */
import type { Locator, Page } from '@playwright/test';
import { resolve } from 'node:path';
import { expect, registerThroughForm, test } from './fixtures';

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

/** How far the page can be scrolled sideways: more than the viewport's width means it overflows. */
const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

async function loadSampleData(page: Page) {
	await page.getByRole('button', { name: 'Load sample data' }).click();
	await expect(page.getByText('Loaded 5 sample models with 150 versions.')).toBeVisible();
}

/**
 * Every table wider than the space it is given scrolls inside a box of its own, which the keyboard can
 * scroll: the box is a named region one Tab reaches (tabindex 0), or it holds links or buttons, and the
 * arrow keys scroll the box around the one that has focus.
 */
async function expectWideTablesScrollInRegions(page: Page, route: string) {
	const wide = await page.locator('main table').evaluateAll((tables) =>
		tables
			.filter((table) => table.getBoundingClientRect().width > table.parentElement!.clientWidth + 1)
			.map((table) => {
				let box = table.parentElement;
				while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
				const focusable = box?.getAttribute('tabindex') === '0';
				return {
					table: table.getAttribute('aria-label') ?? table.querySelector('caption')?.textContent ?? '',
					scrollsInABox: !!box && box !== document.scrollingElement && box !== document.body,
					withinScreen: !!box && box.getBoundingClientRect().right <= innerWidth,
					keyboard:
						(focusable &&
							box?.getAttribute('role') === 'region' &&
							!!(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'))) ||
						(!focusable && !!box?.querySelector('a[href], button, input, select'))
				};
			})
	);
	for (const table of wide) {
		const expected = { scrollsInABox: true, withinScreen: true, keyboard: true };
		expect({ route, ...table }).toEqual({ route, ...table, ...expected });
	}
}

async function box(locator: Locator) {
	const found = await locator.boundingBox();
	if (!found) throw new Error(`${String(locator)} is not laid out`);
	return found;
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a version with a 300-character parameter, long tags and a long file name fits the phone', async ({
	app,
	page
}) => {
	const parameter = 'gs://bucket/' + 'feature_store_snapshot_'.repeat(13).slice(0, 288);
	const tagValue = 'owner-team-'.repeat(20);
	const file = `${'training_run_'.repeat(8)}weights.pkl`;
	await app.open();
	await registerThroughForm(page, {
		name: 'a-model-with-a-name-long-enough-to-fill-the-whole-width-of-a-phone',
		version: '1.0.0',
		parameters: `data_path = ${parameter}`,
		tags: { [`long_tag_${'k'.repeat(40)}`]: tagValue },
		description: `Trained on ${'x'.repeat(200)}.`,
		file: { name: file, buffer: Buffer.from('weights') }
	});

	expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
	// Wrapped, not cut: all 300 characters are on the page.
	await expect(page.getByRole('region', { name: 'Parameters' })).toContainText(parameter);
	await expect(page.getByRole('list', { name: 'Tags' })).toContainText(tagValue);
	await expect(page.getByRole('button', { name: `Download ${file}` })).toBeVisible();
	for (const button of await page.getByRole('main').getByRole('button').all()) {
		const { x, width } = await box(button);
		expect(x + width, await button.innerText()).toBeLessThanOrEqual(PHONE.width);
	}
});

test('the import preview scrolls in a region that Tab reaches and a screen reader names', async ({
	app,
	page
}) => {
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles(resolve('tests/fixtures/bundles/valid-to-dict.json'));
	const region = page.getByRole('region', { name: 'Import preview' });
	await expect(region.getByRole('table', { name: 'Import preview' })).toBeVisible();
	expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

	await page.getByLabel('Bundle file').focus();
	// The region is the next stop after the file picker, or close after it.
	for (let presses = 0; presses < 5; presses++) {
		await page.keyboard.press('Tab');
		if (await region.evaluate((element) => element === document.activeElement)) break;
	}
	await expect(region).toBeFocused();
	await expectWideTablesScrollInRegions(page, '/transfer');
});

test('model lists, version tables, search and the leaderboard stay within the phone', async ({
	app,
	page
}) => {
	await app.open();
	await loadSampleData(page);
	for (const route of ['/', '/models/fraud-detector', '/search?q=churn', '/leaderboard']) {
		await app.open(route);
		await expect(page.getByRole('main').getByRole('table').first()).toBeVisible();
		expect(await pageWidth(page), route).toBeLessThanOrEqual(PHONE.width);
		await expectWideTablesScrollInRegions(page, route);
	}
});

test('"Install app" never covers a link of the header, and every link is a 24 px target', async ({
	app,
	page
}) => {
	await app.open();
	// What Chromium sends when it offers to install the app; the app keeps the event and shows its button.
	await page.evaluate(() => dispatchEvent(new Event('beforeinstallprompt', { cancelable: true })));
	const install = page.getByRole('button', { name: 'Install app' });
	await expect(install).toBeVisible();
	const header = page.getByRole('banner');
	const links = await header.getByRole('link').all();
	// The name and the main links, whatever their number.
	expect(links.length).toBeGreaterThan(5);
	// A phone, a phone held sideways, a small tablet, and the widths where the links just fit one row.
	for (const width of [360, 390, 700, 820, 900, 1000, 1060, 1280]) {
		await page.setViewportSize({ width, height: PHONE.height });
		const button = await box(install);
		expect(button.x + button.width, `at ${width} px`).toBeLessThanOrEqual(width);
		expect(button.height).toBeGreaterThanOrEqual(24);
		for (const link of links) {
			const target = await box(link);
			const name = `${await link.innerText()} at ${width} px`;
			expect(overlap(target, button), name).toBe(false);
			expect(target.height, name).toBeGreaterThanOrEqual(24);
			expect(target.width, name).toBeGreaterThanOrEqual(24);
			expect(target.x + target.width, name).toBeLessThanOrEqual(width);
		}
		expect(await pageWidth(page)).toBeLessThanOrEqual(width);
	}
});
