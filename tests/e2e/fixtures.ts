import { test as base, expect, type Dialog, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The same flows run against the served build and against its index.html opened from disk: the
 * copy of build/ that global-setup.ts took for this run.
 */
export const FILE_URL = pathToFileURL(resolve(process.env.E2E_BUILD_DIR ?? 'build', 'index.html')).href;

export interface App {
	/** Opens the app at a hash route, e.g. `/models/churn`, and waits for the registry. */
	open(route?: string, page?: Page): Promise<void>;
	url(route?: string): string;
}

/**
 * Opens the app at `url` in a document of its own. Going from one route to another by changing only the
 * hash would make SvelteKit's hash router reload the page a moment later (as it does for an address typed
 * into the bar), and the test would go on reading the old document while it is torn down.
 */
async function openApp(page: Page, url: string) {
	// Opening an address is deciding to leave the page: a register form with something typed asks
	// (beforeunload), and the person going elsewhere says yes.
	const leave = (dialog: Dialog) => {
		if (dialog.type() === 'beforeunload') void dialog.accept();
	};
	page.on('dialog', leave);
	try {
		if (page.url() !== 'about:blank') await page.goto('about:blank');
	} finally {
		page.off('dialog', leave);
	}
	await page.goto(url);
	await expect(page.getByRole('link', { name: 'Model Registry' })).toBeVisible();
}

/** The app served from `root` (a URL, or build/index.html on disk), opened in `page()` unless told otherwise. */
export function appAt(root: string, page: () => Page): App {
	const url = (route = '/') => `${root}#${route}`;
	return { url, open: (route = '/', target = page()) => openApp(target, url(route)) };
}

export const test = base.extend<{ app: App }>({
	app: async ({ page, baseURL }, use, testInfo) => {
		await use(appAt(testInfo.project.name === 'file' ? FILE_URL : (baseURL ?? ''), () => page));
	}
});

export { expect };

export interface RegisterFields {
	name: string;
	version: string;
	description?: string;
	tags?: Record<string, string>;
	/** Standard metrics by their label, e.g. `{ Accuracy: '0.9' }`. */
	metrics?: Record<string, string>;
	customMetrics?: Record<string, string>;
	/** As typed: one `name = value` per line, or a JSON object. */
	parameters?: string;
	file?: { name: string; buffer: Buffer };
}

/** Fills in the register form and submits it, as a person does. */
export async function submitRegisterForm(page: Page, fields: RegisterFields) {
	// On the register page already, a person just fills it in. Clicking its own link there navigates to
	// the same address, and on a busy machine that navigation can finish after the first field is filled.
	if (!page.url().endsWith('#/register'))
		await page.getByRole('link', { name: 'Register', exact: true }).click();
	await page.getByLabel('Model name').fill(fields.name);
	await page.getByLabel('Version', { exact: true }).fill(fields.version);
	for (const [label, value] of Object.entries(fields.metrics ?? {})) {
		await page.getByLabel(label, { exact: true }).fill(value);
	}
	for (const [i, [key, value]] of Object.entries(fields.customMetrics ?? {}).entries()) {
		await page.getByRole('button', { name: 'Add a custom metric' }).click();
		await page.getByLabel(`Metric name ${i + 1}`).fill(key);
		await page.getByLabel(`Metric value ${i + 1}`).fill(value);
	}
	if (fields.parameters) await page.getByLabel('Parameters').fill(fields.parameters);
	if (fields.description) await page.getByLabel('Description (Markdown)').fill(fields.description);
	for (const [i, [key, value]] of Object.entries(fields.tags ?? {}).entries()) {
		await page.getByRole('button', { name: 'Add a tag' }).click();
		await page.getByLabel(`Tag name ${i + 1}`).fill(key);
		await page.getByLabel(`Tag value ${i + 1}`).fill(value);
	}
	if (fields.file) {
		await page
			.getByLabel('Artifact file')
			.setInputFiles({ ...fields.file, mimeType: 'application/octet-stream' });
	}
	await page.getByRole('button', { name: 'Register version' }).click();
}

/** Registers a version through the form, as a person does, and waits for its page. */
export async function registerThroughForm(page: Page, fields: RegisterFields) {
	await submitRegisterForm(page, fields);
	await expect(
		page.getByRole('heading', { level: 1, name: `${fields.name}:${fields.version}` })
	).toBeVisible();
}

/** Runs "Check registry" on the settings page and expects it to find nothing wrong. */
export async function expectRegistryIntact(app: App, page: Page) {
	await app.open('/settings', page);
	await page.getByRole('button', { name: 'Check registry' }).click();
	await expect(page.getByRole('status', { name: 'Check result' })).toContainText('no problems found', {
		timeout: 30_000
	});
}

/**
 * Runs `count` workers at once. The first failure makes `stopped()` true for the others, which
 * check it between steps so the test ends soon after; it is thrown once every worker has ended.
 */
export async function runTogether(
	count: number,
	work: (index: number, stopped: () => boolean) => Promise<void>
): Promise<void> {
	let failed = false;
	const results = await Promise.allSettled(
		Array.from({ length: count }, (_, index) =>
			work(index, () => failed).catch((error: unknown) => {
				failed = true;
				throw error;
			})
		)
	);
	const failure = results.find((result) => result.status === 'rejected');
	if (failure) throw failure.reason;
}
