// Runs the benchmarks in real Chromium (persistent profile, so IndexedDB is on disk), prints one
// JSON document, and writes docs/benchmarks.md. Benchmarks report; they never fail on a time.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { build } from 'vite';
import { artifactsScenario } from './artifacts.mjs';
import { modelFilesScenario } from './model-files.mjs';
import { browseScenario } from './browse.mjs';
import { memorySampler, workerHeapAfterGc } from './memory.mjs';
import { mlflowScenario } from './mlflow.mjs';
import { renderMarkdown } from './report.mjs';
import { startupScenario } from './startup.mjs';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'bench/.out');
const profileDir = resolve(root, 'bench/.profile');
const executablePath = execFileSync('bash', [resolve(root, 'scripts/ensure-chromium.sh')], {
	encoding: 'utf8'
}).trim();
// BENCH_PROFILE=million measures at issue 18's scale: 1,000 models of 1,000 versions plus one model of
// 1,000,000, into bench/results/million.json (docs/benchmarks.md shows it in a section of its own). The
// default profile stays short enough for a developer to run.
const PROFILE = process.env.BENCH_PROFILE === 'million' ? 'million' : 'latest';
const SCALE = PROFILE === 'million' ? 1_000_000 : 100_000;
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SEARCH_PER_MODEL = Number(process.env.BENCH_SEARCH_PER_MODEL ?? SCALE / 1000);
const REGISTER_COUNT = Number(process.env.BENCH_REGISTER_COUNT ?? 10_000);
const BUNDLE_BYTES = Number(process.env.BENCH_BUNDLE_BYTES ?? 2 ** 30);
const ARTIFACT_BYTES = Number(process.env.BENCH_ARTIFACT_BYTES ?? 2 ** 30);
const FOLDER_BYTES = Number(process.env.BENCH_FOLDER_BYTES ?? 2 * 2 ** 30);
// Versions in the bulk load and in the browsed registry, spread over MODELS models; the browsed registry
// also holds one model with this many versions on its own.
const MODELS = 1000;
const BULK_VERSIONS = Number(process.env.BENCH_BULK_VERSIONS ?? SCALE);
const BROWSE_VERSIONS = Number(process.env.BENCH_BROWSE_VERSIONS ?? SCALE);
// The browsed big model's versions on their own: seeding 2,000,000 versions takes over an hour here, so
// BENCH_BROWSE_BIG=1000000 BENCH_BROWSE_VERSIONS=100000 measures the big model at full size beside fewer others.
const BROWSE_BIG = Number(process.env.BENCH_BROWSE_BIG ?? BROWSE_VERSIONS);
// Versions pulled from a real MLflow server, spread over MLFLOW_MODELS models.
const MLFLOW_VERSIONS = Number(process.env.BENCH_MLFLOW_VERSIONS ?? 10_000);
const MLFLOW_MODELS = Number(process.env.BENCH_MLFLOW_MODELS ?? 10);
const MLFLOW_VERSIONS_PER_RUN = Number(process.env.BENCH_MLFLOW_VERSIONS_PER_RUN ?? 100);
const perModel = (versions) => Math.max(1, Math.round(versions / MODELS));

await build({
	configFile: false,
	logLevel: 'error',
	// The app's worker (imported by the worker scenario) is a classic worker, as in the app.
	worker: { format: 'iife' },
	build: {
		outDir,
		emptyOutDir: true,
		minify: true,
		lib: {
			entry: resolve(root, 'bench/browser/entry.ts'),
			formats: ['iife'],
			name: 'RegistryBench',
			fileName: () => 'bench.js'
		}
	}
});
mkdirSync(outDir, { recursive: true });
writeFileSync(
	resolve(outDir, 'index.html'),
	'<!doctype html><meta charset="utf-8"><script src="bench.js"></script>'
);

const server = createServer((request, response) => {
	const file = request.url === '/bench.js' ? 'bench.js' : 'index.html';
	response.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
	response.end(readFileSync(resolve(outDir, file)));
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${server.address().port}/`;

const launchOptions = {
	executablePath,
	headless: true,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--no-first-run'
	]
};
const context = await chromium.launchPersistentContext(profileDir, launchOptions);
try {
	const page = await context.newPage();
	page.on('console', (message) => console.error(`[browser] ${message.text()}`));
	await page.goto(url);
	const browserVersion = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
	const scenarios = {
		listVersions: () =>
			page.evaluate(([versions, runs]) => window.bench.listVersionsAtScale(versions, runs), [VERSIONS, RUNS]),
		bundle: async () => {
			// Peak JS heap of the page while the bundle moves (the registry runs on the page here).
			const memory = await memorySampler(context, page, profileDir);
			const { peak, ...bundle } = await memory.during(() =>
				page.evaluate((bytes) => window.bench.bundleAtScale(bytes), BUNDLE_BYTES)
			);
			await memory.stop();
			return { ...bundle, peakJsHeapMiB: peak.pageHeapMiB };
		},
		worker: () =>
			page.evaluate(([count, calls]) => window.bench.workerScenarios(count, calls), [REGISTER_COUNT, 1000]),
		search: async () => {
			const seeded = await page.evaluate(
				([models, perModel]) => window.bench.searchSeed(models, perModel),
				[MODELS, SEARCH_PER_MODEL]
			);
			// The worker's heap after a collection, before the first search and after them all: what
			// searching keeps in memory between keystrokes.
			const heap = await workerHeapAfterGc(context, page);
			const beforeMiB = await heap.measure();
			const searched = await page.evaluate(() => window.bench.searchTyping());
			const afterMiB = await heap.measure();
			await heap.stop();
			await page.evaluate(() => window.bench.searchCleanup());
			return {
				...seeded,
				...searched,
				workerHeapMiB: { beforeFirstSearch: beforeMiB, afterSearches: afterMiB }
			};
		},
		startup: () =>
			startupScenario({ chromium, launchOptions, benchPage: page, root, runs: Math.min(RUNS, 7) }),
		bulkLoad: async () => {
			// The worker's peak heap while it imports and exports: what a bundle of any size may cost. The
			// used heap counts garbage not yet collected; what the worker holds is sampled after a collection.
			const memory = await memorySampler(context, page, profileDir);
			const held = await workerHeapAfterGc(context, page);
			const { peak, ...loaded } = await memory.during(() =>
				held.peakDuring(() =>
					page.evaluate(
						([models, perModel]) => window.bench.bulkLoadAtScale(models, perModel),
						[MODELS, perModel(BULK_VERSIONS)]
					)
				)
			);
			await memory.stop();
			await held.stop();
			return { ...loaded, peakWorkerHeapMiB: peak.workerHeapMiB };
		},
		browse: () =>
			browseScenario({
				chromium,
				launchOptions,
				root,
				runs: Math.min(RUNS, 7),
				models: MODELS,
				perModel: perModel(BROWSE_VERSIONS),
				bigVersions: BROWSE_BIG
			}),
		artifacts: () => artifactsScenario({ context, page, profileDir, bytes: ARTIFACT_BYTES }),
		modelFiles: () =>
			modelFilesScenario({
				context,
				page,
				profileDir,
				folderBytes: FOLDER_BYTES,
				safetensorsGiB: Number(process.env.BENCH_SAFETENSORS_GIB ?? 4),
				onnxGiB: Number(process.env.BENCH_ONNX_GIB ?? 2)
			}),
		metrics: () =>
			page.evaluate(
				([models, perModel, big, runs]) => window.bench.metricsAtScale(models, perModel, big, runs),
				[MODELS, perModel(SCALE), SCALE, RUNS]
			),
		mlflow: () =>
			mlflowScenario({
				page,
				origin: new URL(url).origin,
				versions: MLFLOW_VERSIONS,
				models: MLFLOW_MODELS,
				versionsPerRun: MLFLOW_VERSIONS_PER_RUN,
				runs: RUNS
			})
	};
	// BENCH_ONLY=startup,bundle runs some scenarios; the others keep the figures of their last run.
	const only = process.env.BENCH_ONLY?.split(',');
	const resultsFile = resolve(root, `bench/results/${PROFILE}.json`);
	const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).scenarios : {};
	const measured = {};
	for (const [name, run] of Object.entries(scenarios)) {
		if (!only || only.includes(name))
			measured[name] = { ...(await run()), measuredAt: new Date().toISOString() };
	}
	const report = {
		date: new Date().toISOString(),
		machine: {
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model,
			memoryGiB: Math.round(totalmem() / 2 ** 30),
			node: process.version
		},
		browser: browserVersion,
		scenarios: { ...previous, ...measured }
	};
	console.log(JSON.stringify(report, null, 2));
	mkdirSync(resolve(root, 'bench/results'), { recursive: true });
	writeFileSync(resultsFile, JSON.stringify(report, null, 2) + '\n');
	// bench/lighthouse.mjs writes a section of its own at the end of the file: it is kept as it was.
	const docPath = resolve(root, 'docs/benchmarks.md');
	const lighthouse = existsSync(docPath)
		? /<!-- lighthouse:start[\s\S]*?<!-- lighthouse:end -->/.exec(readFileSync(docPath, 'utf8'))?.[0]
		: undefined;
	const readResults = (name) => {
		const file = resolve(root, `bench/results/${name}.json`);
		return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
	};
	const rendered = renderMarkdown(readResults('latest') ?? report, readResults('million'));
	writeFileSync(docPath, rendered + (lighthouse ? `\n${lighthouse}\n` : ''));
} finally {
	await context.close();
	server.close();
}
