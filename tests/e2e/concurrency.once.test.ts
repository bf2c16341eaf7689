/**
 * Concurrent tabs (issue 8). Four tabs of one browser share one IndexedDB and register, promote and
 * delete at once, through the forms and buttons, over a few shared model names and version numbers so
 * that they collide: the same version registered twice, two versions of a model promoted at once, a
 * version deleted while another tab promotes it. Each tab's operations come from FUZZ_SEED.
 *
 * Afterwards nothing a tab saw succeed is lost, nothing is duplicated, a model has at most one
 * production version, "Check registry" finds nothing, and every tab shows the same registry.
 *
 * Runs once, over http: what it stresses is IndexedDB ordering the tabs' transactions, and four
 * file:// tabs share one storage origin just as four tabs of one http origin do. That a change in
 * one file:// tab reaches another is checked in both ways of opening the app by tabs.test.ts.
 */
import type { Locator, Page } from '@playwright/test';
import { compareSemver } from '../../src/lib/registry/semver';
import { expect, expectRegistryIntact, runTogether, submitRegisterForm, test, type App } from './fixtures';
import { FUZZ_SEED, SeededRandom } from './seeded';
import { readStored, tableRows, type Stored } from './stored';

const TABS = 4;
const OPERATIONS_PER_TAB = 60;
const MODELS = ['alpha', 'beta'];
const VERSIONS = ['1.0.0', '1.1.0', '2.0.0', '2.1.0'];
/** Long enough for any step under load, short enough that a version deleted under a tab's feet costs little. */
const STEP_MS = 5_000;

type Kind = 'register' | 'promote' | 'delete';
const KINDS: ReadonlyArray<readonly [Kind, number]> = [
	['register', 4],
	['promote', 4],
	['delete', 2]
];

interface Outcome {
	succeeded: boolean;
	/** Why the app (or the page, when the version had gone) refused. */
	why?: string;
}

interface Operation extends Outcome {
	tab: number;
	kind: Kind;
	model: string;
	version: string;
	/** When the tab started the operation and when it saw its outcome (ms since 1970, as history times). */
	start: number;
	end: number;
}

const gone = (page: Page, model: string, version: string) =>
	page.getByText(`Version ${version} of ${model} does not exist.`);

/** An error notice: the app refused and said why. */
const refusal = (page: Page) =>
	page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Dismiss' }) });

/** The text of the refusal, which is then dismissed so that the next operation starts clean. */
async function dismissRefusal(page: Page): Promise<string> {
	const notice = refusal(page).getByRole('paragraph').first();
	const text = (await notice.innerText()).replace(/\s*✕\s*$/, '');
	await notice.getByRole('button', { name: 'Dismiss' }).click();
	return text;
}

/**
 * Steps on a version's page, up to its dialog. Another tab may delete the version meanwhile (the page
 * then says it does not exist, and the controls and the dialog go), or delete it and register it
 * again (the page comes back with its dialog closed). Those are outcomes of the race, not failures of
 * the test; the history checks them afterwards.
 */
async function onVersion(
	page: Page,
	model: string,
	version: string,
	dialog: Locator,
	step: () => Promise<void>
): Promise<string | undefined> {
	try {
		await step();
		return undefined;
	} catch (error) {
		if (await gone(page, model, version).isVisible()) return 'no such version';
		if (await dialog.isHidden()) return 'changed meanwhile';
		throw error;
	}
}

/** Opens a version's page; false when it does not exist (the UI then offers nothing to do). */
async function openVersion(app: App, page: Page, model: string, version: string): Promise<boolean> {
	await app.open(`/models/${model}/versions/${version}`, page);
	const stage = page.getByLabel('Move to stage');
	await expect(stage.or(gone(page, model, version))).toBeVisible();
	return stage.isVisible();
}

/**
 * Goes to the model list by its link. A register form left with a refused registration in it asks
 * first whether to leave what was typed; leaving it behind is the point.
 */
async function toModelList(page: Page): Promise<void> {
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
	const leave = page.getByRole('dialog', { name: 'Leave the register form?' });
	const models = page.getByRole('heading', { level: 1, name: 'Models', exact: true });
	await expect(models.or(leave)).toBeVisible();
	if (await leave.isVisible()) await leave.getByRole('button', { name: 'Leave' }).click();
	await expect(models).toBeVisible();
}

async function register(page: Page, model: string, version: string): Promise<Outcome> {
	// A fresh form each time: the register page keeps its form (and its last error) while it is open.
	if (page.url().endsWith('#/register')) await toModelList(page);
	await submitRegisterForm(page, { name: model, version });
	const registered = page.getByRole('heading', { level: 1, name: `${model}:${version}` });
	const duplicate = page.getByText(
		`Version ${version} of ${model} already exists. Choose another version number.`
	);
	await expect(registered.or(duplicate).or(refusal(page))).toBeVisible();
	if (await registered.isVisible()) return { succeeded: true };
	if (await duplicate.isVisible()) return { succeeded: false, why: 'already exists' };
	return { succeeded: false, why: await dismissRefusal(page) };
}

async function promote(app: App, page: Page, model: string, version: string): Promise<Outcome> {
	if (!(await openVersion(app, page, model, version))) return { succeeded: false, why: 'no such version' };
	if (await page.getByRole('option', { name: 'production (current)' }).count())
		return { succeeded: false, why: 'already in production' };
	// openVersion loads a fresh page, so a notice seen below is this promotion's.
	const moved = page.getByRole('status').getByText(`Moved ${model}:${version} to production.`);
	const dialog = page.getByRole('dialog', { name: `Promote ${version} to production?` });
	const missed = await onVersion(page, model, version, dialog, async () => {
		await page.getByLabel('Move to stage').selectOption('production', { timeout: STEP_MS });
		await page.getByRole('button', { name: 'Move', exact: true }).click({ timeout: STEP_MS });
		await dialog.getByRole('button', { name: 'Promote to production' }).click({ timeout: STEP_MS });
	});
	if (missed) return { succeeded: false, why: missed };
	await expect(moved.or(refusal(page))).toBeVisible();
	if (await moved.isVisible()) return { succeeded: true };
	return { succeeded: false, why: await dismissRefusal(page) };
}

async function remove(app: App, page: Page, model: string, version: string): Promise<Outcome> {
	if (!(await openVersion(app, page, model, version))) return { succeeded: false, why: 'no such version' };
	const dialog = page.getByRole('dialog', { name: `Delete ${model}:${version}?` });
	const missed = await onVersion(page, model, version, dialog, async () => {
		await page.getByRole('button', { name: 'Delete version' }).click({ timeout: STEP_MS });
		await dialog.getByRole('button', { name: 'Delete version' }).click({ timeout: STEP_MS });
	});
	if (missed) return { succeeded: false, why: missed };
	// After a deletion the app goes to the model's page.
	const modelPage = page.getByRole('heading', { level: 1, name: model, exact: true });
	await expect(modelPage.or(refusal(page))).toBeVisible();
	if (await modelPage.isVisible()) return { succeeded: true };
	return { succeeded: false, why: await dismissRefusal(page) };
}

/**
 * A registration's history time is taken when its transaction starts, a moment before it commits and
 * other tabs can see it; under load that moment can stretch.
 */
const COMMIT_SLACK_MS = 2_000;

/** The model list's name, latest, production and version-count columns the stored records call for. */
function expectedModelRows(stored: Stored): string[][] {
	return [...stored.models]
		.sort((a, b) => (a.name < b.name ? -1 : 1))
		.map((m) => [m.name, m.latestVersion ?? '—', m.productionVersion ?? 'none', String(m.versionCount)]);
}

test('four tabs registering, promoting and deleting at once keep every write and one production version', async ({
	app,
	page,
	context
}) => {
	// About a minute on an idle 2-core machine; room for a machine busy with other work.
	test.setTimeout(300_000);
	await app.open('/', page);
	// The other tabs are opened as a person opens a link in a new window (Shift+click). Headless
	// Chromium draws only the front tab of a window (the others get one animation frame a second,
	// and every click waits for frames), so each tab gets a window of its own.
	const tabs = [page];
	for (let i = 1; i < TABS; i++) {
		const opened = context.waitForEvent('page');
		await page.getByRole('link', { name: 'Model Registry' }).click({ modifiers: ['Shift'] });
		const tab = await opened;
		await expect(tab.getByRole('link', { name: 'Model Registry' })).toBeVisible();
		tabs.push(tab);
	}

	const operations: Operation[] = [];
	await runTogether(TABS, async (index, stopped) => {
		const tab = tabs[index]!;
		const random = new SeededRandom(FUZZ_SEED, `tab ${index}`);
		for (let i = 0; i < OPERATIONS_PER_TAB && !stopped(); i++) {
			const kind = random.weighted(KINDS);
			const model = random.pick(MODELS);
			const version = random.pick(VERSIONS);
			const start = Date.now();
			const outcome =
				kind === 'register'
					? await register(tab, model, version)
					: kind === 'promote'
						? await promote(app, tab, model, version)
						: await remove(app, tab, model, version);
			operations.push({
				tab: index,
				kind,
				model,
				version,
				start,
				end: Date.now(),
				...outcome
			});
		}
		// Each tab waits on the model list; the other tabs' last changes must reach it by themselves.
		await toModelList(tab);
	});

	await expectRegistryIntact(app, page);
	const stored = await readStored(page);
	const slot = (o: { model: string; version?: string }) => `${o.model}:${o.version}`;
	const iso = (ms: number) => new Date(ms).toISOString();
	const exists = new Set(stored.versions.map(slot));
	const succeeded = (kind: Kind, key?: string) =>
		operations.filter((o) => o.kind === kind && o.succeeded && (key === undefined || slot(o) === key));

	for (const model of MODELS) {
		for (const version of VERSIONS) {
			const key = `${model}:${version}`;
			// The history, in commit order, of this version: registered, deleted, registered... Two
			// registrations without a deletion between them would be a duplicate.
			const lifecycle = stored.events
				.filter((e) => slot(e) === key && (e.kind === 'version.registered' || e.kind === 'version.deleted'))
				.map((e) => e.kind);
			lifecycle.forEach((kind, i) =>
				expect(kind, `${key}: event ${i}`).toBe(i % 2 === 0 ? 'version.registered' : 'version.deleted')
			);
			expect(exists.has(key), `${key} exists as its history says`).toBe(lifecycle.length % 2 === 1);

			// Every registration a tab saw succeed was committed once, and nothing else was.
			const registrations = succeeded('register', key);
			expect(registrations.length, `${key}: registrations seen = registered events`).toBe(
				lifecycle.filter((kind) => kind === 'version.registered').length
			);
			const deletions = succeeded('delete', key);
			// No lost write: a registration a tab saw succeed is there unless a deletion followed it...
			for (const r of registrations) {
				if (!deletions.some((d) => d.end > r.start))
					expect(exists.has(key), `${key} registered by tab ${r.tab} at ${iso(r.start)}`).toBe(true);
			}
			// ...and a deletion a tab saw succeed holds unless a registration followed it.
			for (const d of deletions) {
				if (!registrations.some((r) => r.end > d.start))
					expect(exists.has(key), `${key} deleted by tab ${d.tab} at ${iso(d.start)}`).toBe(false);
			}
			// A tab that found the version gone (or gone and back) was right: it was not there throughout.
			const registeredAt = stored.events.filter((e) => slot(e) === key && e.kind === 'version.registered');
			const deletedAt = stored.events.filter((e) => slot(e) === key && e.kind === 'version.deleted');
			const thereThroughout = (o: Operation) =>
				registeredAt.some(
					(r) => r.at <= o.start - COMMIT_SLACK_MS && !deletedAt.some((d) => d.id > r.id && d.at <= o.end)
				);
			for (const o of operations.filter((o) => slot(o) === key)) {
				if (o.why === 'no such version' || o.why === 'changed meanwhile')
					expect(thereThroughout(o), `${key}: tab ${o.tab} at ${iso(o.start)} found it ${o.why}`).toBe(false);
			}
			// A promotion a tab saw succeed moved the version to production, or found it there.
			const promotions = succeeded('promote', key).length;
			const toProduction = stored.events.filter(
				(e) => slot(e) === key && e.kind === 'version.stage_changed' && e.stage === 'production'
			).length;
			expect(toProduction, `${key}: promotions committed`).toBeLessThanOrEqual(promotions);
			if (promotions > 0) expect(toProduction, `${key}: promotions committed`).toBeGreaterThan(0);
		}

		const production = stored.versions.filter((v) => v.model === model && v.stage === 'production');
		expect(production.length, `${model}: production versions`).toBeLessThanOrEqual(1);
		expect(stored.models.find((m) => m.name === model)?.productionVersion).toBe(production[0]?.version);
		const promotions = succeeded('promote').filter((o) => o.model === model);
		if (production[0]) expect(promotions.map((p) => p.version)).toContain(production[0].version);
		// The promotions that may have committed last: none of them ended before another one began.
		const last = promotions.filter((p) => !promotions.some((q) => q.start > p.end));
		const undisturbed = (p: Operation) =>
			operations.every(
				(o) =>
					!(o.kind === 'delete' || o.kind === 'register') ||
					!o.succeeded ||
					slot(o) !== slot(p) ||
					o.end < p.start
			);
		if (last.length > 0 && last.every(undisturbed)) {
			expect(production.length, `${model}: its last promotions' versions are all there`).toBe(1);
			expect(last.map((p) => p.version)).toContain(production[0]!.version);
		}
	}

	// Every tab shows the same registry, which is the stored one. Tabs 1-3 have stayed on the model
	// list since their last operation: what they show came from the change notifications.
	await app.open('/', page);
	const modelList = (tab: Page) => tableRows(tab.getByRole('table'));
	await expect
		.poll(async () => (await modelList(page)).map((row) => row.slice(0, 4)))
		.toEqual(expectedModelRows(stored));
	const reference = await modelList(page);
	for (const tab of tabs.slice(1)) await expect.poll(() => modelList(tab)).toEqual(reference);
	for (const model of MODELS) {
		const versions = stored.versions
			.filter((v) => v.model === model)
			.sort((a, b) => compareSemver(b.version, a.version))
			.map((v) => [v.version, v.stage]);
		const table = (tab: Page) => tab.getByRole('table', { name: 'Versions' });
		const rows = async (tab: Page) =>
			(await tableRows(table(tab))).map(([, version, stage]) => [version!.split(/\s/)[0], stage]);
		let first: string[][] | undefined;
		for (const tab of tabs) {
			await tab.getByRole('link', { name: model, exact: true }).click();
			await expect(tab.getByRole('heading', { level: 1, name: model, exact: true })).toBeVisible();
			if (versions.length === 0) {
				await expect(tab.getByText('No versions yet.')).toBeVisible();
			} else {
				await expect.poll(() => rows(tab)).toEqual(versions);
				const shown = await tableRows(table(tab));
				if (first) expect(shown).toEqual(first);
				else first = shown;
			}
			await toModelList(tab);
		}
	}

	const rejected = operations.filter((o) => !o.succeeded);
	console.log(
		JSON.stringify({
			tabs: TABS,
			operations: operations.length,
			succeeded: operations.length - rejected.length,
			rejected: rejected.length
		})
	);
	expect(operations).toHaveLength(TABS * OPERATIONS_PER_TAB);
	// The tabs did collide: the same version registered twice, versions gone under a tab's feet, two
	// versions of a model promoted at once, and a version deleted while another tab promoted it.
	const overlap = (a: Operation, b: Operation) => a.tab !== b.tab && a.start < b.end && b.start < a.end;
	const promotions = operations.filter((o) => o.kind === 'promote');
	expect(rejected.filter((o) => o.why === 'already exists').length).toBeGreaterThan(0);
	expect(rejected.filter((o) => o.why === 'no such version').length).toBeGreaterThan(0);
	expect(
		promotions.some((p) =>
			promotions.some(
				(q) => p.succeeded && q.succeeded && q.model === p.model && q.version !== p.version && overlap(p, q)
			)
		)
	).toBe(true);
	expect(
		operations.some(
			(d) => d.kind === 'delete' && promotions.some((p) => slot(p) === slot(d) && overlap(p, d))
		)
	).toBe(true);
	for (const [kind] of KINDS) expect(succeeded(kind).length, kind).toBeGreaterThan(0);
});
