/**
 * Hostile text everywhere a person can put text — typed into forms, imported from a bundle, or
 * written into the address — is shown as text on every page, and never runs. Two layers stop it:
 * DOMPurify (Markdown) and Svelte's text interpolation (everything else), and behind them the
 * Content-Security-Policy, which the last test checks on its own.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, registerThroughForm, test } from './fixtures';

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';
const SVG = '<svg onload="alert(1)">';
const IFRAME = '"><iframe srcdoc="<script>parent.__xss=1</script>">';
const JS_URL = 'javascript:alert(1)';

/** Markdown with every trick at once: raw HTML, event handlers, javascript: links in three spellings. */
const markdown = (title: string) =>
	[
		`# ${title} ${SCRIPT}`,
		`${IMG} ${SVG}</svg>`,
		`${IFRAME}</iframe>`,
		`[markdown link](${JS_URL}) <a href="${JS_URL}">html link</a> <a href="javascript&colon;alert(1)">entity link</a>`,
		`<details open ontoggle="window.__xss=1"><summary>toggle</summary></details>`
	].join('\n\n');

const BUNDLE_PATH = 'tests/fixtures/bundles/script-payloads.json';

/**
 * Watches for every way a payload could show that it ran: a dialog (alert), `window.__xss`, an
 * uncaught error — and for the CSP refusing anything the app itself does.
 */
function watch(page: Page) {
	const dialogs: string[] = [];
	const refused: string[] = [];
	const errors: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	page.on('console', (message) => {
		const text = message.text();
		// Chromium reports an inline handler when it parses one, even in DOMPurify's inert document
		// where it could never run; expectInert shows none reaches the page. Anything else refused
		// would be the policy breaking the app.
		if (/content security policy/i.test(text) && !text.startsWith('Executing inline event handler')) {
			refused.push(text);
		}
	});
	page.on('pageerror', (error) => errors.push(error.message));
	return {
		/** Checks the page as it is now; call it before leaving a page (a reload clears `window.__xss`). */
		async expectNothingRan() {
			// Every image has loaded or failed by now: an onerror handler would have run.
			await page.locator('img').evaluateAll((images) =>
				Promise.all(
					images.map(
						(img) =>
							(img as HTMLImageElement).complete ||
							new Promise((done) => {
								img.addEventListener('error', done);
								img.addEventListener('load', done);
							})
					)
				)
			);
			expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
			await expectInert(page.locator('body'));
			expect(dialogs).toEqual([]);
			expect(refused).toEqual([]);
			expect(errors).toEqual([]);
		}
	};
}

/** No element that runs script, no event-handler attribute and no javascript: URL anywhere inside. */
async function expectInert(root: Locator) {
	const found = await root.evaluate((element) => {
		const bad: string[] = [];
		for (const el of element.querySelectorAll('*')) {
			if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'frame'].includes(el.localName)) {
				// The app's own inline script (the whole app) is the only script element, and it sits outside main.
				if (!(el.localName === 'script' && !el.closest('main'))) bad.push(el.localName);
			}
			for (const attr of el.attributes) {
				if (/^on/i.test(attr.name) || attr.name === 'srcdoc' || /^\s*javascript:/i.test(attr.value)) {
					bad.push(`${el.localName}[${attr.name}]`);
				}
			}
		}
		return bad;
	});
	expect(found).toEqual([]);
}

test('script typed into every text field is shown as text on every page and never runs', async ({
	app,
	page
}) => {
	const xss = watch(page);
	await app.open();
	await registerThroughForm(page, {
		name: 'xss',
		version: '1.0.0',
		metrics: { Accuracy: '0.8' },
		customMetrics: { [IMG]: '0.5' },
		parameters: JSON.stringify({ [SCRIPT]: IMG, [JS_URL]: [SVG, IFRAME] }),
		tags: { [SVG]: IFRAME, owner: SCRIPT },
		description: markdown('First version'),
		file: { name: `${IMG}.bin`, buffer: Buffer.from('weights') }
	});

	// The version page: every field it shows came from the form.
	const description = page.getByRole('region', { name: 'Description' });
	await expect(description.getByRole('heading', { name: 'First version' })).toBeVisible();
	await expect(description.getByText('markdown link')).toBeVisible();
	await expect(description.getByRole('link')).toHaveCount(0);
	await expect(description.getByRole('list', { name: 'Tags' })).toContainText(`${SVG}${IFRAME}`);
	await expect(description.getByRole('list', { name: 'Tags' })).toContainText(`owner${SCRIPT}`);
	const parameters = page.getByRole('region', { name: 'Parameters' });
	await expect(parameters.getByRole('rowheader', { name: SCRIPT })).toBeVisible();
	await expect(parameters.getByRole('row', { name: JS_URL })).toContainText(JSON.stringify([SVG, IFRAME]));
	await expect(
		page.getByRole('region', { name: 'Metrics' }).getByRole('rowheader', { name: IMG })
	).toBeVisible();
	await expect(page.getByRole('region', { name: 'Artifact' })).toContainText(`${IMG}.bin`);
	await expect(page.getByRole('button', { name: `Download ${IMG}.bin` })).toBeVisible();

	// An alias is a name, not free text: the payload is refused with a message, shown as text.
	await page.getByLabel('New alias').fill(SVG);
	await page.getByRole('button', { name: 'Set alias' }).click();
	await expect(page.getByText('an alias is 1 to 64 letters')).toBeVisible();
	await expect(page.getByLabel('New alias')).toHaveAttribute('aria-invalid', 'true');
	await xss.expectNothingRan();

	// A second version, its description previewed in the form before it is registered.
	await page.getByRole('link', { name: 'Register', exact: true }).click();
	await page.getByLabel('Description (Markdown)').fill(markdown('Preview'));
	await page.getByLabel('Preview').check();
	await expect(page.getByRole('heading', { name: 'Preview' })).toBeVisible();
	await xss.expectNothingRan();
	await registerThroughForm(page, {
		name: 'xss',
		version: '1.1.0',
		metrics: { Accuracy: '0.9' },
		customMetrics: { [IMG]: '0.7' },
		parameters: JSON.stringify({ [IFRAME]: SVG }),
		tags: { [JS_URL]: IMG },
		description: markdown('Second version')
	});
	await xss.expectNothingRan();

	// The model page: its own description and tags, edited in place; the chart and its table.
	await page.getByRole('link', { name: 'xss', exact: true }).click();
	const about = page.getByRole('region', { name: 'About' });
	await about.getByRole('button', { name: 'Edit description' }).click();
	await about.getByLabel('Description (Markdown)').fill(markdown('The model'));
	await about.getByRole('button', { name: 'Save description' }).click();
	await expect(about.getByRole('heading', { name: 'The model' })).toBeVisible();
	await about.getByRole('button', { name: 'Edit tags' }).click();
	await about.getByRole('button', { name: 'Add a tag' }).click();
	await about.getByLabel('Tag name 1').fill(IMG);
	await about.getByLabel('Tag value 1').fill(SCRIPT);
	await about.getByRole('button', { name: 'Save tags' }).click();
	await expect(about.getByRole('list', { name: 'Tags' })).toContainText(`${IMG}${SCRIPT}`);
	// The name holds "error", so the chart counts it lower-is-better and says so.
	await page.getByRole('checkbox', { name: `${IMG} (lower is better)` }).check();
	await page.getByRole('button', { name: 'Show data table' }).click();
	// As text in both tables: the versions' metric column and the chart's data table.
	await expect(page.getByRole('columnheader', { name: IMG })).toHaveCount(2);
	await expect(page.getByRole('region', { name: 'History' })).toContainText('Edited description');
	await xss.expectNothingRan();

	// Compare the two versions: tags, parameters and metric names are row headings.
	await page.getByLabel('Select 1.0.0 for comparison').check();
	await page.getByLabel('Select 1.1.0 for comparison').check();
	await page.getByRole('link', { name: 'Compare selected (2)' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Compare versions' })).toBeVisible();
	for (const key of [IMG, SCRIPT, IFRAME, SVG, JS_URL]) {
		await expect(page.getByRole('rowheader', { name: key }).first()).toBeVisible();
	}
	await xss.expectNothingRan();

	// The leaderboard, ranked by the metric whose name is a payload.
	await page.getByRole('link', { name: 'Leaderboard' }).click();
	await page.getByRole('combobox', { name: 'Metric', exact: true }).selectOption(IMG);
	const board = page.getByRole('table', { name: `Leaderboard by ${IMG}` });
	// The best version of each model: a header row and the one model.
	await expect(board.getByRole('row')).toHaveCount(2);
	await expect(board.getByRole('columnheader', { name: IMG })).toBeVisible();
	await xss.expectNothingRan();

	// Find versions: the payload as search text, as a tag, as a metric bound.
	await page.getByRole('link', { name: 'Find versions' }).click();
	await page.getByLabel('Search versions').fill(SCRIPT);
	await expect(page.getByText('2 versions match')).toBeVisible();
	await page.getByRole('textbox', { name: 'Tag', exact: true }).fill(`${JS_URL}=${IMG}`);
	await expect(page.getByText('1 version matches')).toBeVisible();
	await page.getByRole('combobox', { name: 'Metric', exact: true }).selectOption(IMG);
	await page.getByLabel('At least').fill(SVG);
	await expect(page.getByText('At least must be a number.')).toBeVisible();
	await expect(page.getByRole('table', { name: 'Matching versions' })).toContainText('1.1.0');
	await xss.expectNothingRan();

	// The model list, searched with a payload that the model's description and tags hold.
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await page.getByLabel('Search models').fill(IMG);
	await expect(page.getByText('1 model match')).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'xss' })).toBeVisible();
	await page.getByLabel('Search models').fill(`${IMG}!`);
	await expect(page.getByText('0 models match')).toBeVisible();
	await xss.expectNothingRan();
});

test('a bundle whose text is script imports as text and never runs', async ({ app, page }) => {
	const xss = watch(page);
	await app.open('/transfer');
	// The file's name is text from outside too; it is shown while the bundle is checked.
	await page.getByLabel('Bundle file').setInputFiles({
		name: `${IMG}.json`,
		mimeType: 'application/json',
		buffer: readFileSync(BUNDLE_PATH)
	});
	await expect(page.getByText(`Made by ${IMG} on`)).toBeVisible();
	await expect(page.getByRole('table', { name: 'Import preview' })).toContainText('hostile-text');
	await xss.expectNothingRan();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByText('Imported 1 model: 2 versions added')).toBeVisible();

	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await page.getByRole('link', { name: 'hostile-text' }).click();
	const about = page.getByRole('region', { name: 'About' });
	await expect(about.getByRole('heading', { name: 'Model', exact: true })).toBeVisible();
	await expect(about.getByRole('list', { name: 'Tags' })).toContainText(`${SVG}${IFRAME}`);
	const history = page.getByRole('region', { name: 'History' });
	await expect(history).toContainText('<img src=x onerror=window.__xss=1>');
	await expect(history).toContainText(`Stage: ${SCRIPT} → ${SVG} (replaced by ${IFRAME})`);
	await expect(history).toContainText(`Alias ${IMG} set to ${JS_URL}`);
	await xss.expectNothingRan();

	await page
		.getByRole('table', { name: 'Versions' })
		.getByRole('link', { name: '1.0.0', exact: true })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'hostile-text:1.0.0' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Description' })).toContainText('Version 1.0.0');
	// The bundle's version 1.0.0 has the parameter SCRIPT = IMG.
	await expect(
		page.getByRole('region', { name: 'Parameters' }).getByRole('row', { name: SCRIPT })
	).toContainText(IMG);
	await expect(page.getByRole('region', { name: 'Metrics' })).toContainText(IMG);
	await xss.expectNothingRan();

	await page.getByRole('link', { name: 'Compare', exact: true }).click();
	await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption('hostile-text');
	await page.getByRole('combobox', { name: 'Version', exact: true }).selectOption('1.0.0');
	await page.getByRole('button', { name: 'Add to comparison' }).click();
	await page.getByRole('combobox', { name: 'Version', exact: true }).selectOption('2.0.0');
	await page.getByRole('button', { name: 'Add to comparison' }).click();
	await expect(page.getByRole('link', { name: 'hostile-text:2.0.0' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: IFRAME }).first()).toBeVisible();
	await xss.expectNothingRan();

	await page.getByRole('link', { name: 'Leaderboard' }).click();
	await page.getByRole('combobox', { name: 'Metric', exact: true }).selectOption(IMG);
	await expect(page.getByRole('table', { name: `Leaderboard by ${IMG}` }).getByRole('row')).toHaveCount(2);
	await xss.expectNothingRan();
});

test('an address carrying script shows it as text and never runs it', async ({ app, page }) => {
	const xss = watch(page);
	const encoded = encodeURIComponent;
	// As a person pasting a link into a new tab: app.open() loads a fresh page each time.
	// The router splits at "/", so these payloads have none (a "/" would make a different route).
	const NO_SLASH = [
		'<img src=x onerror=window.__xss=1>',
		'<svg onload=alert(1)>',
		'"><b onmouseover=alert(1)>bold',
		JS_URL
	];

	for (const payload of NO_SLASH) {
		await app.open(`/models/${encoded(payload)}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(payload);
		await expect(page.getByText(`There is no model called ${payload}.`)).toBeVisible();
		await xss.expectNothingRan();

		await app.open(`/models/m/versions/${encoded(payload)}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`m:${payload}`);
		await xss.expectNothingRan();

		await app.open(`/compare/${encoded(`${payload}:1.0.0`)}`);
		await expect(page.getByText(`Ignored "${payload}:1.0.0" in the address`)).toBeVisible();
		await xss.expectNothingRan();

		await app.open(`/register/${encoded(payload)}`);
		await expect(page.getByLabel('Model name')).toHaveValue(payload);
		await xss.expectNothingRan();
	}

	// A malformed escape used to stop the router before the app started: a blank page.
	// The page shows the address as typed, escapes and all.
	for (const raw of ['%E0%A4%A', '100%', '%3Cb%3E%25%']) {
		await app.open(`/models/${raw}`);
		await expect(page.getByText(`There is no model called ${raw}.`)).toBeVisible();
		await xss.expectNothingRan();
	}
});

test('the page carries a strict Content-Security-Policy that refuses inline script and eval', async ({
	app,
	page
}) => {
	await app.open();
	const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
	const directives = new Map(
		(policy ?? '').split(';').map((d) => {
			const [name = '', ...sources] = d.trim().split(/\s+/);
			return [name, sources] as const;
		})
	);
	const scriptSrc = directives.get('script-src') ?? [];
	expect(scriptSrc).toContain("'wasm-unsafe-eval'");
	expect(scriptSrc.some((s) => s.startsWith("'sha256-"))).toBe(true);
	expect(scriptSrc).not.toContain("'unsafe-inline'");
	expect(scriptSrc).not.toContain("'unsafe-eval'");
	expect(directives.get('default-src')).toEqual(["'none'"]);
	// Only http(s) servers, for MLflow sync: no data:, blob: or ws: endpoints to smuggle data through.
	expect(directives.get('connect-src')).toEqual(["'self'", 'http:', 'https:']);
	expect(directives.get('object-src')).toEqual(["'none'"]);
	expect(directives.get('base-uri')).toEqual(["'none'"]);

	// Even if script reached the page past DOMPurify and Svelte, the browser would refuse to run it.
	const refused = await page.evaluate(async () => {
		const expected = ['script-src', 'script-src-attr', 'script-src-elem'];
		const violations = new Set<string>();
		const reported = new Promise<void>((done) =>
			document.addEventListener('securitypolicyviolation', (event) => {
				violations.add(event.effectiveDirective);
				if (expected.every((directive) => violations.has(directive))) done();
			})
		);
		const host = document.createElement('div');
		document.body.append(host);
		// An inline event handler, an inline script element, and eval.
		host.innerHTML = '<img src="data:," onerror="window.__xss = 1">';
		const script = document.createElement('script');
		script.textContent = 'window.__xss = 2';
		host.append(script);
		// DevTools lets the code it evaluates call eval (CDP's allowUnsafeEvalBlockedByCSP), so eval
		// is tried from a task of the page's own: a message handler.
		const evalResult = await new Promise<string>((done) => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => {
				try {
					(0, eval)('window.__xss = 3');
					done('ran');
				} catch (error) {
					done((error as Error).name);
				}
			};
			channel.port2.postMessage('eval');
		});
		await reported;
		return { evalResult, xss: (window as { __xss?: unknown }).__xss };
	});
	expect(refused.xss).toBeUndefined();
	expect(refused.evalResult).toBe('EvalError');
});
