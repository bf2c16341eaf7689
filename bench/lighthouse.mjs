// Lighthouse on the built app with data in it: the home page, a model page and a version page, with the
// mobile and the desktop preset. Prints one JSON document, keeps it in bench/.out/lighthouse.json, and
// rewrites the Lighthouse section of docs/benchmarks.md. Run `npm run build` first; it never fails on a score.
//
// The registry lives in the browser profile's IndexedDB, so Chromium is started here with a profile of its
// own: Playwright loads the sample data into it through the app's button, then Lighthouse audits pages of the
// same Chromium, with its storage reset turned off so that the data (and the service worker a returning user
// has) stay. LIGHTHOUSE_RUNS (default 3) runs of each page; the scores given are the medians.
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { serveFolder } from '../scripts/static-host.mjs';

const root = resolve(import.meta.dirname, '..');
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PAGES = {
	home: '/',
	model: '/models/churn-classifier',
	version: '/models/churn-classifier/versions/1.7.0'
};
/** The metrics behind the performance score, as medians: what moved it. */
const METRICS = {
	lcpMs: 'largest-contentful-paint',
	tbtMs: 'total-blocking-time',
	cls: 'cumulative-layout-shift'
};
const PRESETS = { mobile: undefined, desktop: desktopConfig };
const DOC = resolve(root, 'docs/benchmarks.md');
const OUT = resolve(root, 'bench/.out');
const SECTION_START = '<!-- lighthouse:start (written by bench/lighthouse.mjs) -->';
const SECTION_END = '<!-- lighthouse:end -->';

/**
 * Starts Chromium as Lighthouse expects it (`--headless=new`) with the profile in `profile`, and resolves
 * with its DevTools port once it listens.
 */
function startChromium(profile) {
	const child = spawn(
		CHROME_PATH,
		[
			'--headless=new',
			'--no-sandbox',
			`--user-data-dir=${profile}`,
			'--remote-debugging-port=0',
			// No calls to a network that is not there, and no first-run pages.
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--no-default-browser-check',
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	return new Promise((started, failed) => {
		let said = '';
		child.on('exit', (code) => failed(new Error(`Chromium exited (${code}) before it listened:\n${said}`)));
		child.stderr.on('data', (chunk) => {
			said += chunk;
			const port = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(said)?.[1];
			if (port) started({ child, port: Number(port) });
		});
	});
}

/** Loads the sample data the way a person does, and waits until the service worker is ready. */
async function seed(port, url) {
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
	try {
		const page = await browser.contexts()[0].newPage();
		await page.goto(url);
		await page.getByRole('button', { name: 'Load sample data' }).click();
		await page.getByText('Loaded 5 sample models with 150 versions.').waitFor({ timeout: 60_000 });
		await page.evaluate(() => navigator.serviceWorker?.ready);
		const version = browser.version();
		await page.close();
		return version;
	} finally {
		// Connected, not launched: this only lets go of Chromium.
		await browser.close();
	}
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The audits that cost points in a category: what to look at next. */
function failingAudits(lhr) {
	const failing = new Set();
	for (const id of CATEGORIES) {
		for (const ref of lhr.categories[id].auditRefs) {
			const audit = lhr.audits[ref.id];
			if (ref.weight > 0 && audit.score !== null && audit.score < 1) failing.add(`${id}: ${ref.id}`);
		}
	}
	return [...failing];
}

async function audit(port, url, config) {
	const flags = {
		port,
		output: 'json',
		logLevel: 'error',
		disableStorageReset: true,
		onlyCategories: CATEGORIES
	};
	const { lhr } = await lighthouse(url, flags, config);
	if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	return lhr;
}

function renderSection(report) {
	const score = (s) => (s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`);
	const rows = [];
	for (const [pageName, presets] of Object.entries(report.pages)) {
		for (const [preset, result] of Object.entries(presets)) {
			rows.push(
				`| ${pageName} | ${preset} | ${CATEGORIES.map((c) => score(result.scores[c])).join(' | ')} | ` +
					`${Math.round(result.metrics.lcpMs)} | ${Math.round(result.metrics.tbtMs)} | ${result.metrics.cls.toFixed(3)} |`
			);
		}
	}
	const failing = [
		...new Set(Object.values(report.pages).flatMap((p) => Object.values(p).flatMap((r) => r.failing)))
	];
	return [
		SECTION_START,
		'## Lighthouse: home, model and version pages with data',
		'',
		'Measured by `npm run build && node bench/lighthouse.mjs` (Lighthouse ' +
			`${report.lighthouse}, Chromium ${report.browser}): the built app served over http, the sample data (5 models, ` +
			'150 versions) loaded first in the same profile, so the pages show data and the service worker a ' +
			`returning user has is installed. Median of ${report.runs} runs, the range in brackets. The ` +
			`machine's load average was ${report.machine.loadAverage.join(', ')} at the start: performance ` +
			'scores (simulated throttling) move with it.',
		'',
		`- Date: ${report.date}`,
		`- Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}`,
		'',
		`| page | preset | ${CATEGORIES.join(' | ')} | LCP ms | TBT ms | CLS |`,
		`| --- | --- | ${CATEGORIES.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
		...rows,
		'',
		failing.length
			? `Audits that cost points in some run: ${failing.map((f) => `\`${f}\``).join(', ')}.`
			: 'No audit cost a point in any run.',
		'',
		'LCP, TBT and CLS are medians. Total blocking time is what keeps performance under target: the app is ' +
			'one inline script (`bundleStrategy: "inline"`, so that index.html opens from file://), ~500 KB of ' +
			'it the main thread parses and runs in one long task, Chart.js among it on pages without a chart; ' +
			'the registry worker (another ~360 KB) starts from a string in it. Lighthouse slows the CPU 4× for ' +
			'mobile, and a loaded machine slows it more.',
		'',
		'Every page is also checked by axe-core in the browser tests (`tests/e2e/accessibility.test.ts`): no ' +
			'violation at 1280 px and at 390 px, in the light and the dark palette, served and from file://.',
		SECTION_END
	].join('\n');
}

/** Puts the section in docs/benchmarks.md, in place of the one there, or at the end. */
function writeSection(section) {
	const doc = readFileSync(DOC, 'utf8');
	const start = doc.indexOf(SECTION_START);
	const end = doc.indexOf(SECTION_END);
	const next =
		start >= 0 && end > start
			? doc.slice(0, start) + section + doc.slice(end + SECTION_END.length)
			: `${doc.trimEnd()}\n\n${section}\n`;
	writeFileSync(DOC, next);
}

// A copy of build/, so that a build started meanwhile cannot change the app under the audit.
const build = resolve(process.argv[2] ?? join(root, 'build'));
if (!existsSync(join(build, 'index.html')))
	throw new Error(`No built app in ${build}: run \`npm run build\` first.`);
const work = await mkdtemp(join(tmpdir(), 'model-registry-lighthouse-'));
await cp(build, join(work, 'app'), { recursive: true });
const host = await serveFolder(join(work, 'app'));
mkdirSync(OUT, { recursive: true });
const loadAverage = loadavg().map((load) => Number(load.toFixed(1)));
const { child, port } = await startChromium(join(work, 'profile'));
try {
	const browser = await seed(port, host.url);
	const lighthouseVersion = JSON.parse(
		readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8')
	).version;
	const pages = {};
	for (const [pageName, route] of Object.entries(PAGES)) {
		pages[pageName] = {};
		for (const [preset, config] of Object.entries(PRESETS)) {
			const runs = [];
			for (let run = 0; run < RUNS; run++) runs.push(await audit(port, `${host.url}#${route}`, config));
			const scores = {};
			for (const id of CATEGORIES) {
				const values = runs.map((lhr) => Math.round(lhr.categories[id].score * 100));
				scores[id] = { median: median(values), min: Math.min(...values), max: Math.max(...values) };
			}
			const metrics = {};
			for (const [name, id] of Object.entries(METRICS)) {
				metrics[name] = median(runs.map((lhr) => lhr.audits[id].numericValue));
			}
			pages[pageName][preset] = { scores, metrics, failing: [...new Set(runs.flatMap(failingAudits))] };
			// The last run's full report, to open in the Lighthouse viewer and see what a failing audit found.
			writeFileSync(join(OUT, `lighthouse-${pageName}-${preset}.json`), JSON.stringify(runs.at(-1)));
			console.error(
				`${pageName} ${preset}: ${CATEGORIES.map((id) => `${id} ${scores[id].median}`).join(', ')}`
			);
		}
	}
	const report = {
		date: new Date().toISOString(),
		machine: {
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model,
			memoryGiB: Math.round(totalmem() / 2 ** 30),
			node: process.version,
			loadAverage
		},
		browser,
		lighthouse: lighthouseVersion,
		runs: RUNS,
		pages
	};
	console.log(JSON.stringify(report, null, 2));
	writeFileSync(join(OUT, 'lighthouse.json'), JSON.stringify(report, null, 2) + '\n');
	if (process.env.LIGHTHOUSE_DOC !== '0') writeSection(renderSection(report));
} finally {
	// Chromium writes to its profile until it has exited: only then can the folder go.
	const exited = new Promise((done) => child.once('exit', done));
	child.kill();
	await exited;
	await host.close();
	await rm(work, { recursive: true, force: true, maxRetries: 3 });
}
