// Renders docs/benchmarks.md; kept apart from run.mjs so a saved report can be re-rendered.
// One function per section, each given its scenario's results; a scenario missing from the report
// (never measured on this machine) renders as "not measured yet" with the command that measures it.

const count = (n) => n.toLocaleString('en');
/** How many times `base` the value `ms` is. */
const ratio = (ms, base) => (base > 0 ? `${(ms / base).toFixed(2)}×` : '—');
const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** docs/benchmarks.md from the default profile's JSON report and, when measured, the million profile's. */
export function renderMarkdown(report, million) {
	return (
		[
			header(report),
			targets(report.scenarios),
			...SECTIONS.map((s) => section(s, report)),
			...(million ? [millionSection(million)] : [])
		].join('\n\n') + '\n'
	);
}

/** The scenarios measured with `BENCH_PROFILE=million`, each under its own heading one level down. */
function millionSection(million) {
	const measured = SECTIONS.filter((s) => million.scenarios[s.name]);
	return [
		`## At a million versions (\`BENCH_PROFILE=million npm run bench\`)

The same scenarios at issue 18's scale, on ${million.machine.cpus} × ${million.machine.cpuModel}, Chromium ${million.browser}.`,
		...(['metrics', 'search', 'bulkLoad', 'browse'].some((name) => million.scenarios[name])
			? [millionTargets(million.scenarios)]
			: []),
		...measured.map((s) => section(s, million).replace(/^## /, '### '))
	].join('\n\n');
}

/** Issue 18's targets that the million profile measures so far, each against its figure. */
function millionTargets({ metrics: m, search, bulkLoad: b, browse }) {
	const heldMiB = search?.workerHeapMiB
		? search.workerHeapMiB.afterSearches - search.workerHeapMiB.beforeFirstSearch
		: undefined;
	const rows = [
		...(search?.workerHeapMiB
			? [
					['search, p95 per keystroke', '< 50 ms', search.throughWorker.p95Ms],
					['search right after a registration, p95', '< 50 ms', search.afterChange.p95Ms],
					['first search after opening', '< 1 s', search.firstSearchMs, 1000],
					['worker memory held for search, after GC (MiB)', '< 150 MiB', heldMiB, 150, 'MiB']
				]
			: []),
		...(m ? metricRows(m) : []),
		...(browse
			? [
					[
						`model page of the ${count(browse.bigVersions)}-version model: first rows after the shell`,
						'< 200 ms',
						browse.modelPageReadyMs - browse.modelPageDomContentLoadedMs,
						200
					],
					[
						'same page: chart and history drawn, after the shell',
						'< 500 ms',
						browse.modelPageSettledMs - browse.modelPageDomContentLoadedMs,
						500
					]
				]
			: []),
		...(b?.peakWorkerHeapMiB !== undefined
			? [
					// Runs before 2026-12-03 sampled only the used heap, garbage included.
					[
						b.peakHeldMiB === undefined
							? `worker heap through import and export of ${count(b.versions)} versions (MiB)`
							: `worker memory held through import and export of ${count(b.versions)} versions, after GC (MiB)`,
						'< 150 MiB',
						b.peakHeldMiB ?? b.peakWorkerHeapMiB,
						150,
						'MiB'
					],
					// A speed: higher is better.
					['bulk import speed vs raw `bulkPut`', '≥ 0.8×', b.bulkPutMs / b.importMs, 0.8, '×', 'at least']
				]
			: [])
	];
	const limit = (row) => row[3] ?? 50;
	const met = (row) => (row[5] === 'at least' ? row[2] >= limit(row) : row[2] < limit(row));
	return `| issue 18 target | target | measured | met |
| --- | --- | ---: | --- |
${rows.map((r) => `| ${r[0]} | ${r[1]} | ${r[4] === '×' ? `${r[2].toFixed(2)}×` : `${r[2].toFixed(1)} ${r[4] ?? 'ms'}`} | ${met(r) ? 'yes' : 'no'} |`).join('\n')}`;
}

function metricRows(m) {
	return [
		['`knownMetrics`', '< 50 ms', m.knownMetrics.medianMs],
		['leaderboard across models (top 100)', '< 200 ms', m.leaderboard.medianMs, 200],
		[
			`leaderboard of the ${count(m.bigVersions)}-version model`,
			'< 200 ms',
			m.leaderboardBigModel.medianMs,
			200
		],
		...(m.importOneVersion
			? [
					[
						`import adding 1 version to the ${count(m.bigVersions)}-version model`,
						'< 100 ms',
						m.importOneVersion.medianMs,
						100
					]
				]
			: [])
	];
}

// Titles name the scale measured; without results, what the scenario is about.
const SECTIONS = [
	{
		name: 'listVersions',
		title: (r) => `Paging one model with ${r ? count(r.versionCount) : 'many'} versions`,
		body: listVersionsSection
	},
	{
		name: 'bundle',
		title: (r) => (r ? `A bundle with a ${gib(r.bytes)} artifact` : 'A bundle with a large artifact'),
		body: bundleSection
	},
	{
		name: 'startup',
		title: (r) => `Startup with ${r ? count(r.models) : 'many'} models`,
		body: startupSection
	},
	{
		name: 'worker',
		title: () => 'Registering through the worker, and the worker boundary',
		body: workerSection
	},
	{
		name: 'search',
		title: (r) => `Typing a search over ${r ? count(r.versions) : 'many'} versions`,
		body: searchSection
	},
	{
		name: 'bulkLoad',
		title: (r) => `Loading ${r ? count(r.versions) : 'many'} versions at once`,
		body: bulkLoadSection
	},
	{
		name: 'browse',
		title: (r) => `Browsing ${r ? count(r.versions) : 'many'} versions in the app`,
		body: browseSection
	},
	{
		name: 'artifacts',
		title: (r) =>
			r ? `Storing and loading a ${gib(r.bytes)} artifact` : 'Storing and loading a large artifact',
		body: artifactsSection
	},
	{
		name: 'modelFiles',
		title: (r) =>
			r
				? `A ${gib(r.folder.bytes)} model folder, and the headers of ${gib(r.safetensorsHeader.bytes)} and ${gib(r.onnxHeader.bytes)} model files`
				: 'A model folder, and the headers of large model files',
		body: modelFilesSection
	},
	{
		name: 'metrics',
		title: (r) =>
			`Metric names, leaderboards and a small import over ${r ? count(r.versions) : 'many'} versions`,
		body: metricsSection
	},
	{
		name: 'mlflow',
		title: (r) =>
			`Pulling ${r ? count(r.seed.versions) : 'many'} versions from MLflow, and the same lookups on both`,
		body: mlflowSection
	}
];

function header(report) {
	return `# Benchmarks

Measured by \`npm run bench\` in real Chromium with IndexedDB on disk (persistent profile). Each figure is the
median of several runs after one warm-up; ratios compare with a baseline measured in the same run, because
machines are noisy. Benchmarks never fail a build.

- Date of the last run: ${report.date} (each section says when it was measured; \`BENCH_ONLY=name\` reruns one)
- Machine of the last run: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}
  (the project's machines all have 2 cores and 24 GiB, not all the same CPU: a section measured on another day
  may come from another, so compare ratios rather than times across sections)
- Browser: Chromium ${report.browser}`;
}

/** A page target: its first content within 200 ms of the shell being up (DOMContentLoaded). */
const afterShell = (what, ms) => [
	`${what} after the shell is up`,
	'< 200 ms',
	`${Math.round(ms)} ms`,
	ms < 200
];

/** The most the page and its workers held in JS heap while the artifact was stored or loaded. */
const artifactHeapMiB = (a) =>
	Math.max(...['register', 'load'].map((step) => a[step].peak.pageHeapMiB + a[step].peak.workerHeapMiB));

/** Issue 7's targets, each against the figure below that decides it. */
function targets({ search, browse, worker, artifacts, bundle }) {
	const rows = [
		search && [
			'search, p95 per keystroke (100,000 versions)',
			'< 50 ms',
			`${search.throughWorker.p95Ms} ms`,
			search.throughWorker.p95Ms < 50
		],
		browse && afterShell('model list, first row', browse.listReadyMs - browse.listDomContentLoadedMs),
		browse &&
			afterShell(
				`model page with ${count(browse.bigVersions)} versions, first page`,
				browse.modelPageReadyMs - browse.modelPageDomContentLoadedMs
			),
		worker && [
			'register latency (p50) vs a raw Dexie put',
			'≤ 2×',
			ratio(worker.register.p50Ms, worker.rawPut.p50Ms),
			worker.register.p50Ms <= 2 * worker.rawPut.p50Ms
		],
		artifacts && [
			'artifact hash+store speed vs a raw Blob put',
			'≥ 0.5×',
			`${(artifacts.register.MBps / artifacts.rawPut.MBps).toFixed(2)}×`,
			artifacts.register.MBps >= 0.5 * artifacts.rawPut.MBps
		],
		artifacts?.fromDisk && [
			'artifact hash+store speed vs a raw put, file from disk',
			'≥ 0.5×',
			`${(artifacts.fromDisk.registerFile.MBps / artifacts.fromDisk.rawPutFile.MBps).toFixed(2)}×`,
			artifacts.fromDisk.registerFile.MBps >= 0.5 * artifacts.fromDisk.rawPutFile.MBps
		],
		artifacts && [
			`JS heap (page + workers) while a ${gib(artifacts.bytes)} artifact moves`,
			'well under its size',
			`${artifactHeapMiB(artifacts)} MiB`,
			artifactHeapMiB(artifacts) < artifacts.bytes / 2 ** 20 / 4
		],
		bundle && [
			`page JS heap while a ${gib(bundle.bytes)} bundle moves`,
			'well under its size',
			`${bundle.peakJsHeapMiB} MiB`,
			bundle.peakJsHeapMiB < bundle.bytes / 2 ** 20 / 4
		]
	].filter(Boolean);
	return `## Issue 7's targets

Each figure comes from the section below that measures it. Page timings count from the moment the shell is up
(DOMContentLoaded), since parsing the shell is the same for any registry; the sections give both. Sections
measured on 2026-11-26 after 11:20 had the machine to themselves; the ratios to baselines measured in the same
run are the steadier figures. Where a target is missed, its section says why and
what would reach it.

| target | wanted | measured | met |
| --- | --- | ---: | :---: |
${rows.map(([what, wanted, measured, met]) => `| ${what} | ${wanted} | ${measured} | ${met ? 'yes' : '**no**'} |`).join('\n')}`;
}

function section({ name, title, body }, report) {
	const result = report.scenarios[name];
	const text = result
		? `Measured ${result.measuredAt ?? report.date}.\n\n${body(result)}`
		: `Not measured yet: run \`BENCH_ONLY=${name} npm run bench\`.`;
	return `## ${title(result)}\n\n${text}`;
}

function listVersionsSection(lv) {
	const row = (name, result, base, baseName) =>
		`| ${name} | ${result.medianMs.toFixed(2)} | ${base ? `${ratio(result.medianMs, base.medianMs)} ${baseName}` : 'baseline'} |`;
	const deep = count(Math.floor(lv.versionCount / 2));
	return `\`listVersions\` reads one page through an index (\`[modelName+semverKey]\` or \`[modelName+createdAt]\`) and takes the
total from the model's summary record, so its cost does not grow with the number of versions. The baseline is a raw
IndexedDB cursor over the same index, with no Dexie and no registry; "load everything" is what a registry that reads
all versions to show one page pays.

| operation | median ms | compared |
| --- | ---: | --- |
${row('raw IndexedDB cursor, first 50 (baseline)', lv.rawFirstPage)}
${row('`listVersions` first 50, SemVer order', lv.firstPageSemverDesc, lv.rawFirstPage, 'raw')}
${row('`listVersions` first 50, newest first', lv.firstPageCreatedDesc, lv.rawFirstPage, 'raw')}
${row('`getLatest`', lv.latest, lv.rawFirstPage, 'raw')}
${row(`raw IndexedDB cursor, 50 at offset ${deep}`, lv.rawDeepPage)}
${row(`\`listVersions\` 50 at offset ${deep}`, lv.deepPageSemverAsc, lv.rawDeepPage, 'raw deep page')}
${row('load every version (`getAll`)', lv.loadEverything, lv.firstPageSemverDesc, '`listVersions` first page')}

The first page costs the same at any size. It is cheaper than the baseline, which steps a raw cursor
one row at a time (Dexie reads a limited range in fewer steps). A page deep into
the list costs what IndexedDB's \`cursor.advance\` costs — linear in the offset, for raw IndexedDB and for us
alike. A UI that scrolls to the end of a large table should therefore page from the nearer end (reverse
order) or continue after the last key it showed, not ask for a large offset.`;
}

function bundleSection(b) {
	return `Export is the registry's snapshot plus the streamed zip writer; import is open, validate, check the size and
SHA-256 of every artifact, and apply in one transaction. The baseline moves the same bytes with plain IndexedDB
and zip.js alone: no registry, no validation, no hashing. Peak memory is the page's JS heap, sampled every
100 ms through the DevTools protocol while the bundle moved (artifact bytes live in Blobs, outside the heap).
Registering the artifact is timed in its own section below.

| operation | ours ms | ours MB/s | baseline ms | baseline MB/s | ours ÷ baseline (time) |
| --- | ---: | ---: | ---: | ---: | ---: |
| export | ${b.exportMs} | ${b.exportMBps} | ${b.rawExportMs} | ${b.rawExportMBps} | ${ratio(b.exportMs, b.rawExportMs)} |
| import | ${b.importMs} | ${b.importMBps} | ${b.rawImportMs} | ${b.rawImportMBps} | ${ratio(b.importMs, b.rawImportMs)} |

- Peak JS heap of the page: ${b.peakJsHeapMiB} MiB for a ${(b.bytes / 2 ** 20).toFixed(0)} MiB artifact.`;
}

function startupSection(s) {
	const row = (name, load) =>
		`| ${name} | ${load.listReadyMs} | ${load.domContentLoadedMs} | ${ratio(load.listReadyMs, load.domContentLoadedMs)} |`;
	return `The single-file build (\`build/index.html\`, everything inlined) is
${(s.buildBytes / 1024).toFixed(0)} KiB, ${(s.buildGzipBytes / 1024).toFixed(0)} KiB gzipped.
Each load is a fresh page in a persistent profile holding ${count(s.models)} models;
"list ready" is navigation start to the first row of the model list (worker started, IndexedDB opened, first
page read and rendered). The baseline is the same loads' DOMContentLoaded: the shell parsed and its script run.

| opened | list ready ms | DOMContentLoaded ms (baseline) | ratio |
| --- | ---: | ---: | ---: |
${row('from disk (file://)', s.fromDisk)}
${row('from the service-worker cache', s.fromServiceWorker)}`;
}

function workerSection(w) {
	const row = (name, ours, base) =>
		`| ${name} | ${ours.p50Ms} | ${ours.p95Ms} | ${ours.perSecond.toLocaleString('en')} | ${!base ? 'baseline' : ratio(ours.p50Ms, base.p50Ms)} |`;
	// Runs before 2026-12-03 measured no floor.
	const floor = w.requestFloor;
	const floorRow = floor
		? `${row('the same requests as `register`, no registry (floor)', floor, w.rawPut)}\n`
		: '';
	// Runs before 2026-12-04 measured the floor only with its wait for the reads.
	const { readsWithWrites, writesAlone } = w;
	const withoutWaitRows = writesAlone
		? `${row('the same requests, the reads sent with the writes', readsWithWrites, w.rawPut)}
${row('the four writes alone, no reads', writesAlone, w.rawPut)}\n`
		: '';
	// Runs before 2026-12-03 measured no put of the row with its indexes.
	const indexed = w.rawPutIndexed;
	const indexedRow = indexed
		? `${row("raw Dexie put of the version row with the app's indexes", indexed, w.rawPut)}\n`
		: '';
	const indexedText = indexed
		? ` Writing the version row alone with its index keys (search order, tags, text trigrams) is
${ratio(indexed.p50Ms, w.rawPut.p50Ms)} a raw put${
				indexed.p50Ms < 1.25 * w.rawPut.p50Ms
					? ": the cost is not in the row's indexes but in the wait for the reads before the writes, and the other three records"
					: ''
			}.`
		: '';
	const floorText = floor
		? ` The floor row makes those same requests in a worker with none of the registry's work around them: it alone is
${ratio(floor.p50Ms, w.rawPut.p50Ms)} a raw put, and \`register\` is ${ratio(w.register.p50Ms, floor.p50Ms)} the floor.`
		: '';
	// Whether waiting for the reads is what keeps `register` over 2×: if the writes alone cost more,
	// no registration that keeps those records current in its own transaction gets under it.
	const withoutWaitText = writesAlone
		? ` The next two rows make the same requests without that wait (the three floor rows take turns, version by
version): with the reads sent alongside the writes (what a registration that guessed the model and its bucket,
and checked them as they came back, would cost) ${ratio(readsWithWrites.p50Ms, w.rawPut.p50Ms)} a raw put, and the four writes alone,
with no reads at all, ${ratio(writesAlone.p50Ms, w.rawPut.p50Ms)}${
				writesAlone.p50Ms > 2 * w.rawPut.p50Ms
					? ': writing the summary, the event and the bucket in the same transaction costs more than 2× by itself'
					: ''
			}.`
		: '';
	return `${w.count.toLocaleString('en')} versions registered one at a time through the app's worker (validation, duplicate
check, summary update and history event in one transaction, plus the Comlink round trip), against plain Dexie
\`put\`s of the same records inside a worker, one transaction each (the ceiling). Then ${'1,000'} calls of each kind.

| operation | p50 ms | p95 ms | per second | p50 vs baseline |
| --- | ---: | ---: | ---: | ---: |
${row('raw Dexie put in a worker (baseline)', w.rawPut)}
${row('`register` through the worker', w.register, w.rawPut)}
${indexedRow}${floorRow}${withoutWaitRows}${row('empty call, direct (baseline)', w.roundTrip.emptyCallDirect)}
${row('empty call through Comlink', w.roundTrip.emptyCallThroughComlink, w.roundTrip.emptyCallDirect)}
${row('`getVersion` on the page thread (baseline)', w.roundTrip.getVersionDirect)}
${row('`getVersion` through the worker', w.roundTrip.getVersionThroughWorker, w.roundTrip.getVersionDirect)}

Issue 7 asks for registration within 2× of a raw put. A registration reads the version, the model and the
version's chart bucket (together, one wait) and writes four records (the version with its index keys, the
model's summary, the history event and the bucket) in one transaction over five tables, where the baseline
writes one row without indexes; the worker boundary adds about 0.1–0.2 ms.${indexedText}${floorText}${withoutWaitText} Getting further means
fewer requests per registration — for example keeping summaries in the worker and writing them in batches —
which would give up the one-transaction invariant that keeps concurrent tabs correct, so it is not done.`;
}

/** One row of timings; with under 20 searches the 95th percentile is the slowest one, and says so. */
const searchRow = (name, t) =>
	`| ${name} | ${t.p50Ms} | ${t.p95Ms}${t.searches < 20 ? ' (slowest)' : ''} | ${t.searches} |`;

function searchSection(s) {
	// Results from before issue 18's indexes (the worker's copy of every version) carry no heap figures.
	if (!s.workerHeapMiB) return legacySearchSection(s);
	const heap = s.workerHeapMiB;
	const namesCounted = s.modelNameCount?.atLeast === false;
	return `1,000 models with ${count(s.versions / 1000)} versions each. Each keystroke of three queries (a model name; a
tag with a stage filter; a name with a metric range) is searched through the app's worker as Find versions asks:
the first 50 matches, and a count that stops at 500 matches (or 500 versions visited). The worker keeps no copy of
the versions: each criterion reads at most 250 keys from its index; when none is that selective, the versions are
walked in search order through the sparsest ordered index until the page is found and counted (schema version 5;
\`docs/architecture.md\`, "A million versions"). The baseline answers the same searches by a scan of every
version, as the registry did before (the worker then kept a copy of every version instead).

| search | p50 ms | p95 ms | searches |
| --- | ---: | ---: | ---: |
${searchRow('scan of IndexedDB per keystroke (baseline)', s.scanPerKeystroke)}
${searchRow('through the worker, from the indexes', s.throughWorker)}
${searchRow('through the worker, right after registering a version', s.afterChange)}

| also measured | |
| --- | ---: |
| the first search after the seed (nothing is loaded before it) | ${count(s.firstSearchMs)} ms |
| Find versions as it opens: every version, the first page | ${count(s.openPageMs)} ms |
| "Count them all" of a broad search: every production version (${count(s.countAll.matches)}) | ${count(s.countAll.ms)} ms |
${s.countAllWalked ? `| the same with a second criterion (any \`team\` tag), so each match is read | ${count(s.countAllWalked.ms)} ms |\n` : ''}| the worker's heap after a collection: before the first search → after them all | ${heap.beforeFirstSearch} → ${heap.afterSearches} MiB |
${s.modelNameCount ? `| the count once "model-0042" is typed whole | ${s.modelNameCount.atLeast ? `at least ${count(s.modelNameCount.matches)}` : `${count(s.modelNameCount.matches)}, exact`} |\n` : ''}${s.throughWorker.slowest ? `| the slowest keystrokes | ${s.throughWorker.slowest.map((k) => `${k.search}: ${k.ms} ms`).join('; ')} |\n` : ''}
"Count them all" of a search without text stops its walk at the page when the count is known otherwise: a model,
stages or both (or nothing) from the models' summaries, one record per model; one other criterion alone (frameworks,
a tag, a metric range) by its index, whose every entry Chromium still steps through.${
		namesCounted
			? `\nA text that names a few models and that no version's own text holds (typing a model's name) is counted from
those models' summaries as it is typed: exact at once, its walk stopping at the page.`
			: ''
	}
With more criteria, or ${namesCounted ? 'other ' : ''}text, it reads every match, so its cost follows the matches, as does
any order other than by model.${
		s.countAll.fromSummaries
			? ''
			: ` This run predates counting from the summaries: its production versions were counted through the stage index.`
	}`;
}

/** The search section as measured before issue 18, when the worker answered from a copy of every version. */
function legacySearchSection(s) {
	return `1,000 models with ${(s.versions / 1000).toLocaleString('en')} versions each, measured before issue 18 (the worker
answered from a copy of every version, read on the first search: ${s.firstSearchMs.toLocaleString('en')} ms).

| search | p50 ms | p95 ms | searches |
| --- | ---: | ---: | ---: |
${searchRow('scan of IndexedDB per keystroke (baseline)', s.scanPerKeystroke)}
${searchRow('through the worker, from memory', s.throughWorker)}
${s.afterChange ? `${searchRow('through the worker, right after registering a version', s.afterChange)}\n` : ''}`;
}

function bulkLoadSection(b) {
	const perSecond = (ms) => count(Math.round((b.versions / ms) * 1000));
	const row = (name, ms) => `| ${name} | ${ms} | ${perSecond(ms)} | ${ratio(ms, b.bulkPutMs)} |`;
	return `${count(b.models)} models with ${count(b.versions / b.models)} versions each, every version with its registration event, in one
bundle (${b.bundleMiB} MiB) imported through the app's worker as the Transfer page does: preview (read the zip, validate
the manifest, plan against the registry), then apply (one transaction that reads the bundle again a part at a time,
checks each version and writes it, its history and its model's summary). The ceiling is raw Dexie \`bulkPut\` of the
same version rows, 1,000 at a time in one transaction, into a table with the app's indexes, on the page thread, in
the same run: no validation, no history, no summaries. The export writes the registry back into a bundle through
the worker, and a preview of it against the registry it came from must find every version identical.

| step | ms | versions per second | time vs \`bulkPut\` |
| --- | ---: | ---: | ---: |
| raw Dexie \`bulkPut\` (ceiling) | ${b.bulkPutMs} | ${perSecond(b.bulkPutMs)} | baseline |
| preview: read, validate, plan | ${b.previewMs} | ${perSecond(b.previewMs)} | ${ratio(b.previewMs, b.bulkPutMs)} |
| apply: one transaction | ${b.applyMs} | ${perSecond(b.applyMs)} | ${ratio(b.applyMs, b.bulkPutMs)} |
${row('import (preview and apply)', b.importMs)}
${b.exportMs === undefined ? '' : `${row(`export of the same registry (${b.exportedMiB} MiB)`, b.exportMs)}\n`}
${
	b.peakWorkerHeapMiB === undefined
		? ''
		: `The worker's heap peaked at ${b.peakWorkerHeapMiB} MiB through the import and the export (its used size,
sampled every 100 ms: garbage not yet collected counts too)${
				b.peakHeldMiB === undefined
					? ''
					: `, and what it held, measured every 10 s after a forced collection, at ${b.peakHeldMiB} MiB`
			}: the bundle is read, and the registry written out, a part of 1,000 records at a time.

`
}One run of each: at full size the import alone takes minutes.`;
}

function browseSection(b) {
	const row = (name, ms, baseName, base) =>
		`| ${name} | ${ms} | ${baseName} | ${base} | ${ratio(ms, base)} |`;
	const dcl = 'DOMContentLoaded';
	const raw = `raw read of ${b.pageSize} rows`;
	const pages = Math.ceil(b.bigVersions / b.pageSize);
	return `The built app (\`build/index.html\`) over http, opened from the service-worker cache as a returning visitor
opens it, holding ${count(b.models)} models of ${count(b.perModel)} versions and one model of ${count(b.bigVersions)}
versions, every version with its registration event. Each figure is the median of ${b.runs} fresh loads. Pages are
timed from navigation start until the rows are drawn, next to the same loads' DOMContentLoaded (the shell parsed
and its script run). Paging is timed from a click on the pager's button until the new rows are drawn, next to a
raw IndexedDB read of the table's first ${b.pageSize} rows (open the database, step a cursor) made in the same page.

| step | median ms | baseline | baseline ms | ratio |
| --- | ---: | --- | ---: | ---: |
${row('model list: first row', b.listReadyMs, dcl, b.listDomContentLoadedMs)}
${row(`model page (${count(b.bigVersions)} versions): first page of versions`, b.modelPageReadyMs, dcl, b.modelPageDomContentLoadedMs)}
${row('model page: its history and chart drawn too', b.modelPageSettledMs, dcl, b.modelPageDomContentLoadedMs)}
${row(`"Last": page 1 to page ${count(pages)}`, b.lastPageMs, raw, b.rawFirstPageMs)}
${row('"Next": page 1 to page 2', b.nextPageMs, raw, b.rawFirstPageMs)}

The model page reads its newest 50 history events (more on request) rather than all of them: before that
change its first page of versions took 3.8 s at 5,000 versions and 8–12 s at 20,000, because it waited behind
the whole history. The trend chart of a model over 5,000 versions reads its series buckets (a few thousand
small rows at any size) rather than every version's metrics: on 2026-12-02, at 100,000 versions, the "drawn
too" row went from 2,603 ms to 601 ms (a busy machine). The page asks for the chart's series only once the
table has its first answer: asked for at the same time, the table waited behind that read in the worker (on
2026-11-26, 251 ms after the shell instead of 167 ms). The model list's first
row after the shell is the worker starting and IndexedDB opening. The registry was written straight into the app's database before the
first visit (${b.seedSeconds} s).`;
}

function modelFilesSection(m) {
	const memory = (step) => `${step.peak.pageHeapMiB} | ${step.peak.workerHeapMiB} | ${step.peak.chromiumMiB}`;
	return `A checkpoint's folder of ${m.folder.files} files (a config, a shard index and three weight shards) registered
through the app's worker as the register form does it — each \`File\` hashed in turn with progress, a file of
8 MiB or more stored while it is hashed, then the version written in one transaction — against the same Blobs put into a plain IndexedDB object store in one
transaction, from another worker (no hashing, no registry). Then the worker's model reader (\`inspectFiles\`, as the
register form and the version page use it) reads the header of a safetensors file and of an ONNX file whose
weights sit inline before the graph's inputs. Every file comes from disk through a file input, as a person's
files do (written by the benchmark, sparse: a real header, then zeros). The reader
reads by ranges and never holds more than 64 MiB of a file (\`MAX_READ_BYTES\`). Peak memory as above; before
any step, with the folder's files chosen, Chromium held ${m.before.chromiumMiB} MiB.

| step | bytes | ms | MB/s | time vs baseline | page heap MiB | workers' heap MiB | Chromium MiB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| raw IndexedDB puts in a worker (baseline) | ${gib(m.folder.bytes)} | ${m.rawPut.ms} | ${m.rawPut.MBps} | baseline | ${memory(m.rawPut)} |
| \`register\` the folder: hash and store | ${gib(m.folder.bytes)} | ${m.register.ms} | ${m.register.MBps} | ${ratio(m.register.ms, m.rawPut.ms)} | ${memory(m.register)} |
| safetensors header | ${gib(m.safetensorsHeader.bytes)} | ${m.safetensorsHeader.ms} | — | — | ${memory(m.safetensorsHeader)} |
| ONNX header (weights inline) | ${gib(m.onnxHeader.bytes)} | ${m.onnxHeader.ms} | — | — | ${memory(m.onnxHeader)} |

The headers' parameter counts came out as ${m.safetensorsHeader.parameterCount} and ${m.onnxHeader.parameterCount}
(checked, so a reader that skipped the file would fail the run). Registering costs what one large artifact does
(the section above): the hashing, with each shard stored while it is hashed.`;
}

function artifactsSection(a) {
	const row = (name, step, base) =>
		`| ${name} | ${step.ms} | ${step.MBps} | ${base ? ratio(step.ms, base.ms) : 'baseline'} | ${step.peak.pageHeapMiB} | ${step.peak.workerHeapMiB} | ${step.peak.chromiumMiB} |`;
	const disk = a.fromDisk;
	return `One artifact registered through the app's worker — hashed (SHA-256) with progress reports and stored, a
file of 8 MiB or more while it is hashed (\`registry/upload.ts\`) — and loaded back with \`loadFile\`, every byte read
on the page. The baseline puts the same Blob into a plain IndexedDB object store and gets it back, in another
worker called the same way (no hashing, no registry), and reads it on the page too. The registry gets the very
Blob the baseline stores, as a file of a folder (it used to get a \`File\` wrapped around that Blob, which puts
about 1.4× slower than the Blob itself, so the two sides did not store the same thing). Then the same size again from a file on disk,
chosen through a file input as a person's file is (random bytes, written by the benchmark). Peak memory of each
step is sampled every 100 ms: the JS heap of the page and of its workers (DevTools protocol), and the
proportional memory (Pss) of all Chromium processes, where Blob bytes are kept. Before any step, with the
artifact's Blob already made, Chromium held ${a.before.chromiumMiB} MiB.

| step | ms | MB/s | time vs baseline | page heap MiB | workers' heap MiB | Chromium MiB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row('raw IndexedDB put in a worker (baseline)', a.rawPut)}
${row('`register`: hash and store', a.register, a.rawPut)}
${row('raw IndexedDB get, read on the page (baseline)', a.rawGet)}
${row('`loadFile`, read on the page', a.load, a.rawGet)}${
		disk
			? `
${row('file from disk: raw IndexedDB put (baseline)', disk.rawPutFile)}
${row('file from disk: `register`, as the register form does', disk.registerFile, disk.rawPutFile)}`
			: ''
	}

Registering hashed at ${a.register.hashMBps} MB/s, and ${a.register.afterHashMs ?? '—'} ms passed between the last byte hashed and the
version committed: the bytes were written while they were hashed, and the registering transaction adopts them
without writing them again. Before that (this benchmark on 2026-12-02, two runs), registering took 5.1 s: 3.9 s
hashing, then 1.2 s storing; 0.22× and 0.21× of the Blob's put speed, 0.45× and 0.58× of the file's. Registering
now costs what hashing costs, so its ratio to a raw put is hashing's speed over the put's
(${ratio(a.register.MBps, a.rawPut.MBps)} of the Blob's${disk ? `, ${ratio(disk.registerFile.MBps, disk.rawPutFile.MBps)} of the file's` : ''} in this run). hash-wasm's SHA-256 is compute-bound in the worker (the
same hashing over bytes already in memory took as long as over the Blob's stream; a stream read alone runs at
about 900 MB/s; reading ahead by slices did not help), while the raw put is a copy inside Chromium's storage
service whose speed varies from run to run with the disk (313 MB/s on 2026-11-26; 900–1,000 MB/s and
${a.rawPut.MBps} MB/s in runs of 2026-12-02), so the Blob's ratio stays under issue 7's 0.5× whenever the put
runs faster than twice the hash. WebCrypto's digest is native and several times faster on this CPU, but it has
no incremental form: it would need every file whole in memory. Memory stays flat: the bytes stream through,
and the heaps hold only buffers. The design and what was measured for it: \`docs/architecture.md\`,
"A million versions", "Hash while storing".`;
}

function mlflowSection(r) {
	const { seed, ours, mlflow: theirs } = r;
	const seconds = (ms) => (ms / 1000).toFixed(1);
	const pullRow = (name, p) =>
		`| ${name} | ${count(p.versions)} | ${count(p.restCalls)} | ${p.fileDownloads} | ${seconds(p.previewMs)} | ${seconds(p.applyMs)} | ${seconds(p.totalMs)} | ${p.versions > 0 ? count(Math.round((p.versions / p.totalMs) * 1000)) : '—'} |`;
	const row = (name, our, call, their) =>
		`| ${name} | ${our.p50Ms} | ${our.p95Ms} | ${call} | ${their.p50Ms.toFixed(1)} | ${their.p95Ms.toFixed(1)} | ${our.p50Ms > 0 ? `${(their.p50Ms / our.p50Ms).toFixed(0)}×` : '—'} |`;
	const byName = `\`model-versions/search\` \`name='${ours.model}'\``;
	return `One real MLflow ${r.mlflowVersion} server (the pinned one, \`scripts/mlflow-server.mjs\`: SQLite, one worker,
artifact proxy, on loopback), filled over its REST API with ${count(seed.models)} registered models of
${count(seed.perModel)} versions each (${count(seed.versions)} versions). Every ${count(seed.versionsPerRun)} versions of a model share a run with 3 metrics, 3
parameters and a tag (one \`runs/log-batch\`; ${count(seed.runs)} runs): with a run per version, filling took about 90 ms a version against about 20 ms (measured at 500 and 2,000 versions), too slow for one run of the
benchmark. Each version has a tag and every tenth a description; each model's newest version has a run of its own
with two files uploaded through the artifact proxy (an MLmodel and a 64 KiB weights file; the other versions
list no files), and per model the newest version is in Production, the one before in Staging and the one
before that Archived. Filling it took ${seed.seconds} s (${seed.concurrency} requests in flight; context, not a result).

Then the app pulls every model into an empty registry in Chromium through its worker, as the MLflow page does:
\`previewPull\` (list the models and their versions, fetch their runs 100 at a time, list each version's files
and download and hash them, plan the import) and \`applyPull\` (one transaction). The pull is repeated with nothing
changed on the server, once as the page's default and once with "Only what changed since the last pull".
Requests are counted as Chromium saw them (CORS preflights left out).

| pull | versions | REST calls | file downloads | preview s | apply s | total s | versions/s |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${pullRow('first pull, empty registry', r.firstPull)}
${pullRow('again, nothing changed', r.againPull)}
${pullRow('again, only what changed', r.changedOnlyPull)}

The first pull wrote ${count(r.firstPull.result.added)} versions; the second found all ${count(r.againPull.plan.identical)}
identical and wrote nothing, with ${r.againPull.notCarried} sentences of what cannot cross (the first: ${count(r.firstPull.notCarried)}).
The first pull's file listings (4 at a time, one per version, even where versions share a run's
folder) are most of its time: listing each distinct folder once is the next step.

Then, on the same data, the same questions to both, ${ours.searchText.runs} timed runs each after one warm-up:
the app's worker through Comlink from the page, and MLflow's REST API with Node's \`fetch\` from the same machine
(answer read and parsed). Model \`${ours.model}\` (${count(seed.perModel)} versions); the text \`${ours.text}\`
matches ${count(ours.textMatches)} versions here, and MLflow's nearest question is the tag filter.

| question | ours p50 ms | ours p95 ms | MLflow call | MLflow p50 ms | MLflow p95 ms | MLflow ÷ ours (p50) |
| --- | ---: | ---: | --- | ---: | ---: | ---: |
${row(`search, text \`${ours.text}\`, first 50`, ours.searchText, `\`model-versions/search\` \`tags.dataset='${ours.text}'\`, \`max_results=50\``, theirs.searchTag50)}
${row(`search, \`model\` filter, first 50`, ours.searchModel, `${byName}, default page (${count(theirs.defaultPageRows)} rows)`, theirs.searchDefaultPage)}
${row(`search, \`model\` filter, first 50`, ours.searchModel, `${byName}, \`max_results=50\``, theirs.search50)}
${row('`listVersions`, first 50, newest first', ours.firstPage, `${byName}, \`max_results=50\`, \`order_by=creation_timestamp DESC\``, theirs.firstPage)}
${row('`getLatest`', ours.latest, '`registered-models/get-latest-versions` (every stage)', theirs.latestVersions)}
${row('`getProductionModel`', ours.production, '`registered-models/get-latest-versions` `["Production"]`', theirs.latestProduction)}
${row('`getModel`', ours.getModel, '`registered-models/get`', theirs.getModel)}
${row('`listModels`, first 50', ours.listModels, '`registered-models/search`, `max_results=50`', theirs.searchModels)}

Measured on the machine named at the top, whose cores the browser, the MLflow server and Node share, so the
pull's figures move from run to run; the ratios, taken in the same run, are the steadier ones. The run of
2026-12-02 15:22 shared the machine with other work (load average 8 to 20 on its 2 cores).

${mlflowMeaning(r)}`;
}

/** What the MLflow figures say, one sentence each. */
function mlflowMeaning({
	firstPull: first,
	againPull: again,
	changedOnlyPull: only,
	seed,
	ours,
	mlflow: theirs
}) {
	const seconds = (ms) => (ms / 1000).toFixed(1);
	const listings = first.restCalls - again.restCalls;
	const ourRange = [ours.searchModel, ours.firstPage, ours.latest, ours.production, ours.getModel].map(
		(t) => t.p50Ms
	);
	return `- **First pull**: ${seconds(first.previewMs)} s of its ${seconds(first.totalMs)} s is the preview, and
  ${count(listings)} of its ${count(first.restCalls)} requests are one \`artifacts/list\` per version, 4 at a time
  against MLflow's one worker — also for the versions that share a run's folder. Listing each distinct source once
  would need ${count(seed.runs)} listings here: likely the largest gain left in the pull. Writing all
  ${count(first.result.added)} versions in one transaction took ${seconds(first.applyMs)} s.
- **Pulling again, nothing changed**: no file is listed or downloaded (${again.restCalls} requests, ${again.fileDownloads}
  downloads); its ${seconds(again.totalMs)} s go to fetching the ${count(again.versions)} versions' metadata, comparing
  each with the local one and planning an import that finds them all identical (not split further). With "only what changed" the
  server's newest-first walk stops at the first version it already has: ${seconds(only.totalMs)} s.
- **Lookups**: the app answers from IndexedDB in its worker in ${Math.min(...ourRange)}–${Math.max(...ourRange)} ms
  at the median, and its text search over all ${count(seed.versions)} versions in ${ours.searchText.p50Ms} ms for
  ${count(ours.textMatches)} matches; MLflow answers the same questions in ${Math.min(theirs.firstPage.p50Ms, theirs.search50.p50Ms).toFixed(0)}–${theirs.searchModels.p50Ms.toFixed(0)} ms over
  loopback, each answer an HTTP round trip to a Python server reading SQLite, so the ratios measure what a local
  copy saves per click rather than a fault of MLflow. MLflow's default page (all ${count(theirs.defaultPageRows)} versions
  of the model) costs ${(theirs.searchDefaultPage.p50Ms / theirs.search50.p50Ms).toFixed(1)}× its page of 50, which is why the pull always asks for pages.`;
}

function metricsSection(m) {
	const row = (what, result, base = m.rawBest, baseNamed = '') =>
		`| ${what} | ${result.medianMs.toFixed(1)} | ${ratio(result.medianMs, base.medianMs)}${baseNamed} |`;
	// Rows a run did not measure are left out: an empty line would end the table.
	const rows = [
		row('metric names (`knownMetrics`)', m.knownMetrics),
		row(`leaderboard across models, top ${m.limit}`, m.leaderboard),
		row(`leaderboard across models, best version of each model`, m.leaderboardBestPerModel),
		row(`leaderboard of the ${count(m.bigVersions)}-version model, top ${m.limit}`, m.leaderboardBigModel),
		row(`leaderboard of a ${count(m.perModel)}-version model`, m.leaderboardSmallModel),
		row('which way the leaderboard across models ranks', m.leaderboardDirection),
		m.bigModelPageByMetric &&
			row(
				`first page of 50 of the ${count(m.bigVersions)}-version model, by a metric`,
				m.bigModelPageByMetric
			),
		m.importOneVersion &&
			row(
				`import of one new version into the ${count(m.bigVersions)}-version model (preview and apply)`,
				m.importOneVersion,
				m.rawPutOne,
				` a raw put and delete of one row (${m.rawPutOne.medianMs.toFixed(1)} ms)`
			),
		row(`raw: ${m.limit} rows of the metric index`, m.rawBest),
		row('raw: every version, in chunks', m.rawReadEverything)
	];
	return `${count(m.models)} models: ${count(m.models - 1)} of ${count(m.perModel)} versions and one of ${count(m.bigVersions)}. Metric names and
leaderboards read the multi-entry indexes \`[metric, value]\` and \`[model, metric, value]\` (schema version 3), never every
version. The baseline is a raw IndexedDB cursor reading the best ${m.limit} rows of that index, the least any leaderboard of
${m.limit} must read; reading every version, what these reads did before the indexes, took ${(m.rawReadEverything.medianMs / 1000).toFixed(1)} s in the same run.

| read | median ms | vs raw ${m.limit}-row index read |
| --- | ---: | ---: |
${rows.filter(Boolean).join('\n')}`;
}
