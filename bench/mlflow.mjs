// In one run against one real MLflow server (the pinned one, scripts/mlflow-server.mjs): fill it over
// REST (bench/mlflow-seed.mjs), pull every version into the app in Chromium through the app's worker
// (bench/browser/mlflow.ts), pull again with nothing changed, then time the same lookups on both: the
// app's worker on what it pulled, and MLflow's REST API called from Node on this machine.
import { startMlflow } from '../scripts/mlflow-server.mjs';
import { percentile } from './measure.js';
import { modelName, seedMlflow } from './mlflow-seed.mjs';

const API = '/api/2.0/mlflow/';

/** `runs` timed calls after one warm-up; each reads and parses the whole answer, as a client would. */
async function timeRuns(runs, work) {
	await work();
	const times = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		await work();
		times.push(performance.now() - start);
	}
	return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), runs };
}

function rest(url) {
	const check = async (response) => {
		if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
		return response.json();
	};
	return {
		get: (endpoint, query) => fetch(`${url}${API}${endpoint}?${new URLSearchParams(query)}`).then(check),
		post: (endpoint, body) =>
			fetch(`${url}${API}${endpoint}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			}).then(check)
	};
}

/** MLflow's answers to the same questions, from its REST API. */
async function mlflowLookups(url, model, tag, runs) {
	const { get, post } = rest(url);
	const byName = `name='${model}'`;
	const defaultPage = await get('model-versions/search', { filter: byName });
	return {
		defaultPageRows: defaultPage.model_versions?.length ?? 0,
		searchDefaultPage: await timeRuns(runs, () => get('model-versions/search', { filter: byName })),
		search50: await timeRuns(runs, () => get('model-versions/search', { filter: byName, max_results: '50' })),
		firstPage: await timeRuns(runs, () =>
			get('model-versions/search', {
				filter: byName,
				max_results: '50',
				order_by: 'creation_timestamp DESC'
			})
		),
		searchTag50: await timeRuns(runs, () =>
			get('model-versions/search', { filter: `tags.dataset='${tag}'`, max_results: '50' })
		),
		getModel: await timeRuns(runs, () => get('registered-models/get', { name: model })),
		latestVersions: await timeRuns(runs, () =>
			post('registered-models/get-latest-versions', { name: model })
		),
		latestProduction: await timeRuns(runs, () =>
			post('registered-models/get-latest-versions', { name: model, stages: ['Production'] })
		),
		searchModels: await timeRuns(runs, () => get('registered-models/search', { max_results: '50' }))
	};
}

export async function mlflowScenario({ page, origin, versions, models, versionsPerRun, runs }) {
	const perModel = Math.max(1, Math.round(versions / models));
	const model = modelName(0);
	const tag = 'data-3';
	const server = await startMlflow({ origins: [origin] });
	try {
		const seed = await seedMlflow(server.url, { models, perModel, versionsPerRun, concurrency: 16 });
		console.error(`mlflow: seeded ${JSON.stringify(seed)}`);
		const serverId = await page.evaluate((url) => window.bench.mlflow.prepare(url), server.url);
		// What each pull asked the server for, as Chromium saw it (the worker's requests included; CORS
		// preflights are not counted): file downloads apart from the REST calls.
		let requests;
		const count = (request) => {
			if (!request.url().startsWith(server.url) || request.method() === 'OPTIONS') return;
			const file = request.url().includes('/mlflow-artifacts/artifacts/');
			requests[file ? 'fileDownloads' : 'restCalls']++;
		};
		page.context().on('request', count);
		const pull = async (onlyChanged) => {
			requests = { restCalls: 0, fileDownloads: 0 };
			const result = await page.evaluate(
				([id, only]) => window.bench.mlflow.pull(id, only),
				[serverId, onlyChanged]
			);
			return { ...result, ...requests };
		};
		const first = await pull(false);
		console.error(`mlflow: first pull ${JSON.stringify(first)}`);
		const again = await pull(false);
		const changedOnly = await pull(true);
		page.context().off('request', count);
		const ours = await page.evaluate(([m, t, n]) => window.bench.mlflow.lookups(m, t, n), [model, tag, runs]);
		const theirs = await mlflowLookups(server.url, model, tag, runs);
		const mlflowVersion = await fetch(`${server.url}/version`).then((response) => response.text());
		return {
			mlflowVersion,
			seed,
			firstPull: { ...first, versionsPerSecond: Math.round((first.versions / first.totalMs) * 1000) },
			againPull: again,
			changedOnlyPull: changedOnly,
			ours,
			mlflow: theirs
		};
	} finally {
		await server.stop();
	}
}
