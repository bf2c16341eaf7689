// Renders docs/benchmarks.md; kept apart from run.mjs so a saved report can be re-rendered.
/** docs/benchmarks.md from one run's JSON report. */
export function renderMarkdown(report) {
	const lv = report.scenarios.listVersions;
	const ratio = (ms, base) => (base > 0 ? `${(ms / base).toFixed(2)}×` : '—');
	const row = (name, result, base, baseName) =>
		`| ${name} | ${result.medianMs.toFixed(2)} | ${base ? `${ratio(result.medianMs, base.medianMs)} ${baseName}` : 'baseline'} |`;
	return `# Benchmarks

Measured by \`npm run bench\` in real Chromium with IndexedDB on disk (persistent profile). Each figure is the
median of several runs after one warm-up; ratios compare with a baseline measured in the same run, because
machines are noisy. Benchmarks never fail a build.

- Date of the last run: ${report.date} (each section says when it was measured; \`BENCH_ONLY=name\` reruns one)
- Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}
- Browser: Chromium ${report.browser}

## Paging one model with ${lv.versionCount.toLocaleString('en')} versions

Measured ${lv.measuredAt ?? report.date}.

\`listVersions\` reads one page through an index (\`[modelName+semverKey]\` or \`[modelName+createdAt]\`) and takes the
total from the model's summary record, so its cost does not grow with the number of versions. The baseline is a raw
IndexedDB cursor over the same index, with no Dexie and no registry; "load everything" is what a registry that reads
all versions to show one page pays.

| operation | median ms | compared |
| --- | ---: | --- |
${row('raw IndexedDB cursor, first 50 (baseline)', lv.rawFirstPage)}
${row('`listVersions` first 50, SemVer order', lv.firstPageSemverDesc, lv.rawFirstPage, 'raw')}
${row('`listVersions` first 50, newest first', lv.firstPageCreatedDesc, lv.rawFirstPage, 'raw')}
${row('`getLatest`', lv.latest, lv.rawFirstPage, 'raw')}
${row(`raw IndexedDB cursor, 50 at offset ${Math.floor(lv.versionCount / 2).toLocaleString('en')}`, lv.rawDeepPage)}
${row(`\`listVersions\` 50 at offset ${Math.floor(lv.versionCount / 2).toLocaleString('en')}`, lv.deepPageSemverAsc, lv.rawDeepPage, 'raw deep page')}
${row('load every version (`getAll`)', lv.loadEverything, lv.firstPageSemverDesc, '`listVersions` first page')}

The first page costs the same at any size. It is cheaper than the baseline, which steps a raw cursor
one row at a time (Dexie reads a limited range in fewer steps). A page deep into
the list costs what IndexedDB's \`cursor.advance\` costs — linear in the offset, for raw IndexedDB and for us
alike. A UI that scrolls to the end of a large table should therefore page from the nearer end (reverse
order) or continue after the last key it showed, not ask for a large offset.

## A bundle with a ${(report.scenarios.bundle.bytes / 2 ** 30).toFixed(2)} GiB artifact

Measured ${report.scenarios.bundle.measuredAt ?? report.date}.

Export is the registry's snapshot plus the streamed zip writer; import is open, validate, check the size and
SHA-256 of every artifact, and apply in one transaction. The baseline moves the same bytes with plain IndexedDB
and zip.js alone: no registry, no validation, no hashing. Peak memory is the page's JS heap, sampled every
100 ms through the DevTools protocol while the bundle moved (artifact bytes live in Blobs, outside the heap).

| operation | ours ms | ours MB/s | baseline ms | baseline MB/s | ours ÷ baseline (time) |
| --- | ---: | ---: | ---: | ---: | ---: |
| export | ${report.scenarios.bundle.exportMs} | ${report.scenarios.bundle.exportMBps} | ${report.scenarios.bundle.rawExportMs} | ${report.scenarios.bundle.rawExportMBps} | ${(report.scenarios.bundle.exportMs / report.scenarios.bundle.rawExportMs).toFixed(2)}× |
| import | ${report.scenarios.bundle.importMs} | ${report.scenarios.bundle.importMBps} | ${report.scenarios.bundle.rawImportMs} | ${report.scenarios.bundle.rawImportMBps} | ${(report.scenarios.bundle.importMs / report.scenarios.bundle.rawImportMs).toFixed(2)}× |

- Registering the artifact (hash and store): ${report.scenarios.bundle.registerMBps} MB/s.
- Peak JS heap of the page: ${report.scenarios.bundle.peakJsHeapMiB} MiB for a ${(report.scenarios.bundle.bytes / 2 ** 20).toFixed(0)} MiB artifact.

## Startup with ${report.scenarios.startup.models.toLocaleString('en')} models

Measured ${report.scenarios.startup.measuredAt ?? report.date}.

The single-file build (\`build/index.html\`, everything inlined) is
${(report.scenarios.startup.buildBytes / 1024).toFixed(0)} KiB, ${(report.scenarios.startup.buildGzipBytes / 1024).toFixed(0)} KiB gzipped.
Each load is a fresh page in a persistent profile holding ${report.scenarios.startup.models.toLocaleString('en')} models;
"list ready" is navigation start to the first row of the model list (worker started, IndexedDB opened, first
page read and rendered). The baseline is the same loads' DOMContentLoaded: the shell parsed and its script run.

| opened | list ready ms | DOMContentLoaded ms (baseline) | ratio |
| --- | ---: | ---: | ---: |
| from disk (file://) | ${report.scenarios.startup.fromDisk.listReadyMs} | ${report.scenarios.startup.fromDisk.domContentLoadedMs} | ${(report.scenarios.startup.fromDisk.listReadyMs / report.scenarios.startup.fromDisk.domContentLoadedMs).toFixed(2)}× |
| from the service-worker cache | ${report.scenarios.startup.fromServiceWorker.listReadyMs} | ${report.scenarios.startup.fromServiceWorker.domContentLoadedMs} | ${(report.scenarios.startup.fromServiceWorker.listReadyMs / report.scenarios.startup.fromServiceWorker.domContentLoadedMs).toFixed(2)}× |

## Registering through the worker, and the worker boundary

Measured ${report.scenarios.worker?.measuredAt ?? '—'}.

${report.scenarios.worker ? workerSection(report.scenarios.worker) : 'Not measured yet: run `BENCH_ONLY=worker npm run bench`.'}
## Typing a search over ${report.scenarios.search ? report.scenarios.search.versions.toLocaleString('en') : '—'} versions

Measured ${report.scenarios.search?.measuredAt ?? '—'}.

${report.scenarios.search ? searchSection(report.scenarios.search) : 'Not measured yet: run `BENCH_ONLY=search npm run bench`.'}
`;
}

function workerSection(w) {
	const row = (name, ours, base) =>
		`| ${name} | ${ours.p50Ms} | ${ours.p95Ms} | ${ours.perSecond.toLocaleString('en')} | ${!base ? 'baseline' : base.p50Ms > 0 ? `${(ours.p50Ms / base.p50Ms).toFixed(2)}×` : '—'} |`;
	return `${w.count.toLocaleString('en')} versions registered one at a time through the app's worker (validation, duplicate
check, summary update and history event in one transaction, plus the Comlink round trip), against plain Dexie
\`put\`s of the same records inside a worker, one transaction each (the ceiling). Then ${'1,000'} calls of each kind.

| operation | p50 ms | p95 ms | per second | p50 vs baseline |
| --- | ---: | ---: | ---: | ---: |
${row('raw Dexie put in a worker (baseline)', w.rawPut)}
${row('`register` through the worker', w.register, w.rawPut)}
${row('empty call, direct (baseline)', w.roundTrip.emptyCallDirect)}
${row('empty call through Comlink', w.roundTrip.emptyCallThroughComlink, w.roundTrip.emptyCallDirect)}
${row('`getVersion` on the page thread (baseline)', w.roundTrip.getVersionDirect)}
${row('`getVersion` through the worker', w.roundTrip.getVersionThroughWorker, w.roundTrip.getVersionDirect)}

Issue 7 asks for registration within 2× of a raw put. A registration reads the version and the model and writes
three records (the version, the model's summary and the history event) in one transaction, where the baseline
writes one; the worker boundary adds about 0.1 ms. Getting under 2× means fewer writes per registration — for
example keeping summaries in the worker and writing them in batches — which would give up the one-transaction
invariant that keeps concurrent tabs correct, so it is not done.`;
}

function searchSection(s) {
	return `1,000 models with ${(s.versions / 1000).toLocaleString('en')} versions each. Each keystroke of three queries (a model name; a
tag with a stage filter; a name with a metric range) searches every version and returns the first 50 matches,
through the app's worker, which answers from memory. The baseline runs the same searches straight from
IndexedDB on the page thread, one scan of every version per keystroke.

| search | p50 ms | p95 ms | searches |
| --- | ---: | ---: | ---: |
| scan of IndexedDB per keystroke (baseline) | ${s.scanPerKeystroke.p50Ms} | ${s.scanPerKeystroke.p95Ms} | ${s.scanPerKeystroke.searches} |
| through the worker, from memory | ${s.throughWorker.p50Ms} | ${s.throughWorker.p95Ms} | ${s.throughWorker.searches} |

The first search after a change reads every version once: ${s.firstSearchMs.toLocaleString('en')} ms here. Issue 7's target is
p95 under 50 ms per keystroke.`;
}
