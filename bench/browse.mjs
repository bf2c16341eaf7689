// Browsing the built app with many versions stored: how soon the model list shows its first row, how
// soon a model with 100,000 versions shows the first page of its version table, and how long that
// table takes to go to its last page when a person clicks "Last". Each figure is the median of several
// fresh loads over http, from the service-worker cache as a returning visitor opens the app. Baselines
// from the same loads: DOMContentLoaded (the shell parsed and its script run), and a raw IndexedDB read
// of the table's first 50 rows, made in the same page.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveFolder, timeLoad, waitForTime } from './app.mjs';
import { median } from './measure.js';

const BIG_MODEL = 'big-model';
/** Rows per page of the version table (VERSION_PAGE_SIZE in src/lib/ui/ModelView.svelte). */
const PAGE_SIZE = 50;

/**
 * In the page: the time once the version table shows rows, the first of them `first` and the last
 * `last` (either may be left out). Pager text changes before the rows do, so the rows are what counts.
 */
const versionRows = ([first, last]) => {
	const links = document.querySelectorAll('table[aria-labelledby="versions"] tbody th a');
	return (
		links.length > 0 &&
		(!first || links[0]?.textContent === first) &&
		(!last || links[links.length - 1]?.textContent === last) &&
		performance.now()
	);
};

/** In the page: the time once the rest of the model page — its history and its chart — is drawn. */
const modelPageSettled = () =>
	!!document.querySelector('ol.history li') && !!document.querySelector('canvas') && performance.now();

/** In the page: opens the app's database and reads the model's first 50 rows as the table orders them. */
const rawFirstPage = ([database, model, limit]) =>
	new Promise((resolve, reject) => {
		const start = performance.now();
		const open = indexedDB.open(database);
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const rows = [];
			const request = open.result
				.transaction('versions')
				.objectStore('versions')
				.index('[modelName+semverKey]')
				.openCursor(IDBKeyRange.bound([model, ''], [model, '\uffff']), 'prev');
			request.onerror = () => reject(request.error);
			request.onsuccess = () => {
				const cursor = request.result;
				if (cursor && rows.push(cursor.value) < limit) return cursor.continue();
				open.result.close();
				resolve(performance.now() - start);
			};
		};
	});

/** Clicks a pager button as a person does and times from the click until `rows` are on screen. */
async function timeClick(page, button, rows) {
	await page.evaluate(() =>
		addEventListener('click', () => (window.clickedAt = performance.now()), { capture: true, once: true })
	);
	await page
		.getByRole('navigation', { name: 'Version pages' })
		.getByRole('button', { name: button, exact: true })
		.click();
	const shownAt = await waitForTime(page, versionRows, rows);
	return shownAt - (await page.evaluate(() => window.clickedAt));
}

/** Seeds the app's database from the bench page served on the app's origin, before any app page opens. */
async function seed(context, url, data) {
	const page = await context.newPage();
	await page.goto(`${url}__bench/`);
	const seeded = await page.evaluate((d) => window.bench.seedBrowse(d), data);
	await page.close();
	return seeded;
}

/** One returning visit: the model list, then the big model's page and its pager. */
async function visit(context, url, seeded) {
	const list = await timeLoad(context, url, () => !!document.querySelector('tbody tr') && performance.now());
	await list.page.close();

	const model = await timeLoad(context, `${url}#/models/${BIG_MODEL}`, versionRows, [seeded.firstRow]);
	const { page } = model;
	// Let the history and the chart finish first, so the clicks time paging and nothing else.
	const settledMs = await waitForTime(page, modelPageSettled);
	const rawFirstPageMs = await page.evaluate(rawFirstPage, [seeded.database, BIG_MODEL, PAGE_SIZE]);
	const lastPageMs = await timeClick(page, 'Last', [undefined, seeded.lastRow]);
	await timeClick(page, 'First', [seeded.firstRow]);
	const nextPageMs = await timeClick(page, 'Next', [seeded.secondPageFirstRow]);
	await page.close();
	return {
		listReadyMs: list.readyMs,
		listDomContentLoadedMs: list.domContentLoadedMs,
		modelPageReadyMs: model.readyMs,
		modelPageDomContentLoadedMs: model.domContentLoadedMs,
		modelPageSettledMs: settledMs,
		rawFirstPageMs,
		lastPageMs,
		nextPageMs
	};
}

export async function browseScenario({ chromium, launchOptions, root, runs, models, perModel, bigVersions }) {
	if (!existsSync(resolve(root, 'build/index.html')))
		throw new Error('Run `npm run build` before the browse benchmark.');
	// The bench page (bench/.out) is served on the app's origin, whose IndexedDB it seeds.
	const server = await serveFolder(resolve(root, 'build'), { '/__bench/': resolve(root, 'bench/.out') });
	const profile = resolve(root, 'bench/.profile-browse');
	rmSync(profile, { recursive: true, force: true });
	const context = await chromium.launchPersistentContext(profile, launchOptions);
	context.setDefaultTimeout(600_000);
	try {
		const url = server.url;
		const seeded = await seed(context, url, {
			models,
			perModel,
			bigModel: BIG_MODEL,
			bigVersions,
			pageSize: PAGE_SIZE
		});
		// The first visit installs the service worker (it answers every navigation with the shell from then on).
		const first = await context.newPage();
		await first.goto(url);
		await first.waitForFunction(() => !!navigator.serviceWorker.controller);
		await first.close();
		const visits = [];
		for (let i = 0; i < runs; i++) visits.push(await visit(context, url, seeded));
		const times = (key) => visits.map((v) => v[key]);
		const medianOf = (key) => median(times(key), 1);
		const medians = Object.fromEntries(Object.keys(visits[0]).map((key) => [key, medianOf(key)]));
		return {
			models,
			perModel,
			bigVersions,
			pageSize: PAGE_SIZE,
			versions: models * perModel + bigVersions,
			seedSeconds: seeded.seedSeconds,
			runs,
			...medians
		};
	} finally {
		await context.close();
		await server.close();
		// The seeded profile takes hundreds of MB at full size, and every run seeds a fresh one.
		rmSync(profile, { recursive: true, force: true });
	}
}
