/**
 * The MLflow benchmark's page side (bench/mlflow.mjs starts and fills the server): pulls through the
 * app's worker as the MLflow page does it — preview (fetch every version, its run and files, plan the
 * import), then apply in one transaction — and the app's lookups on what was pulled, each timed.
 */
import { registry } from '../../src/lib/worker/client';
import { percentile } from '../measure.js';

const round = (ms: number) => Number(ms.toFixed(1));

/** An empty app database and the server saved as the Settings page saves it; resolves to its id. */
async function prepare(url: string): Promise<string> {
	const app = registry();
	await app.wipe();
	for (const server of await app.listServers()) await app.removeServer(server.id);
	return (await app.saveServer({ url })).id;
}

/** One pull of every model, timed in its two steps; `onlyChanged` as the MLflow page's checkbox. */
async function pull(serverId: string, onlyChanged: boolean) {
	const app = registry();
	const start = performance.now();
	const preview = await app.previewPull(serverId, { models: [], onlyChanged });
	const previewed = performance.now();
	const result = await app.applyPull(preview.pullId, 'replace');
	const end = performance.now();
	return {
		previewMs: round(previewed - start),
		applyMs: round(end - previewed),
		totalMs: round(end - start),
		models: preview.models,
		versions: preview.versions,
		files: preview.files,
		fileBytes: preview.fileBytes,
		plan: preview.plan.counts,
		notCarried: preview.notCarried.length,
		result
	};
}

async function timeRuns(runs: number, work: () => Promise<unknown>) {
	await work(); // warm-up
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		await work();
		times.push(performance.now() - start);
	}
	return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), runs };
}

/** The app's lookups through its worker, on the pulled data. */
async function lookups(model: string, text: string, runs: number) {
	const app = registry();
	const total = (await app.search({ text, limit: 1 })).total;
	return {
		model,
		text,
		textMatches: total,
		searchText: await timeRuns(runs, () => app.search({ text, limit: 50 })),
		searchModel: await timeRuns(runs, () => app.search({ model, limit: 50 })),
		firstPage: await timeRuns(runs, () => app.listVersions(model, { limit: 50, order: 'created-desc' })),
		latest: await timeRuns(runs, () => app.getLatest(model)),
		production: await timeRuns(runs, () => app.getProductionModel(model)),
		getModel: await timeRuns(runs, () => app.getModel(model)),
		listModels: await timeRuns(runs, () => app.listModels({ limit: 50 }))
	};
}

export const mlflow = { prepare, pull, lookups };
