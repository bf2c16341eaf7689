// Fills a real MLflow server over its REST API for the MLflow benchmark (bench/mlflow.mjs): `models`
// registered models of `perModel` versions each, every `versionsPerRun` versions of a model sharing a run (metrics,
// parameters and tags in one runs/log-batch) whose artifacts folder `model` is the version's source.
// The newest version of each model has two small files uploaded through the artifact proxy (an MLmodel
// and a weights file), so the pull downloads files too; the others have none. Per model the newest
// version is in Production, the one before in Staging and the one before that Archived.
// Requests go `concurrency` at a time; one model's versions are created in order, so MLflow numbers
// them 1…perModel and never races with itself on a model.

const API = '/api/2.0/mlflow/';

/** One JSON call; a refusal throws with MLflow's answer. */
async function call(url, method, endpoint, body) {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${url}${API}${endpoint}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const text = await response.text();
		if (response.ok) return text ? JSON.parse(text) : {};
		// SQLite under concurrent writers can answer "database is locked": try again a few times.
		if (attempt < 5 && /locked|busy/i.test(text)) {
			await new Promise((done) => setTimeout(done, 50 * (attempt + 1)));
			continue;
		}
		throw new Error(`${method} ${endpoint}: ${response.status} ${text.slice(0, 500)}`);
	}
}

async function upload(url, path, body) {
	const response = await fetch(`${url}/api/2.0/mlflow-artifacts/artifacts/${path}`, { method: 'PUT', body });
	if (!response.ok) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
}

/** Runs `work(i)` for i in 0…count-1, `limit` at a time. */
async function pool(count, limit, work) {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, count) }, async () => {
			while (next < count) await work(next++);
		})
	);
}

export const modelName = (m) => `bench-model-${String(m).padStart(3, '0')}`;

/**
 * @param {string} url the server, e.g. http://127.0.0.1:5000
 * @param {{ models: number, perModel: number, versionsPerRun?: number, concurrency?: number }} shape
 */
export async function seedMlflow(url, { models, perModel, versionsPerRun = 10, concurrency = 16 }) {
	const started = performance.now();
	const { experiment_id: experiment } = await call(url, 'POST', 'experiments/create', { name: 'bench' });
	await pool(models, concurrency, (m) =>
		call(url, 'POST', 'registered-models/create', {
			name: modelName(m),
			description: `Benchmark model ${m}`,
			tags: [{ key: 'team', value: `team-${m % 5}` }]
		})
	);
	// Runs first: version v of a model shares run ⌈v / versionsPerRun⌉ of that model with its neighbours,
	// except the newest version, which has a run of its own holding the uploaded files.
	const versions = models * perModel;
	const shared = Math.ceil((perModel - 1) / versionsPerRun);
	const runsPerModel = shared + 1;
	const runIds = Array.from({ length: models }, () => new Array(runsPerModel));
	let files = 0;
	await pool(models * runsPerModel, concurrency, async (i) => {
		const m = i % models;
		const r = Math.floor(i / models);
		const name = modelName(m);
		const { run } = await call(url, 'POST', 'runs/create', {
			experiment_id: experiment,
			run_name: `${name}-run-${r}`,
			start_time: Date.now(),
			tags: [{ key: 'mlflow.runName', value: `${name}-run-${r}` }]
		});
		const runId = run.info.run_id;
		await call(url, 'POST', 'runs/log-batch', {
			run_id: runId,
			metrics: [
				{ key: 'accuracy', value: 0.5 + (r % 500) / 1000, timestamp: Date.now(), step: 0 },
				{ key: 'loss', value: 1 / (r + 1), timestamp: Date.now(), step: 0 },
				{ key: 'f1', value: 0.4 + (r % 600) / 1000, timestamp: Date.now(), step: 0 }
			],
			params: [
				{ key: 'lr', value: String(0.001 * (1 + (r % 10))) },
				{ key: 'layers', value: '64,32' },
				{ key: 'epochs', value: String(10 + (r % 20)) }
			],
			tags: [{ key: 'dataset', value: `data-${r % 7}` }]
		});
		if (r === shared) {
			const folder = `${experiment}/${runId}/artifacts/model`;
			await upload(
				url,
				`${folder}/MLmodel`,
				`artifact_path: model\nflavors:\n  sklearn:\n    sklearn_version: 1.5.0\n  python_function:\n    loader_module: mlflow.sklearn\n`
			);
			await upload(url, `${folder}/model.pkl`, new Uint8Array(64 * 1024).fill(m));
			files += 2;
		}
		runIds[m][r] = runId;
	});
	const runsSeconds = (performance.now() - started) / 1000;
	// Version v of model m is created after version v-1 of the same model: the work is taken row by row
	// (every model's version 1, then every model's version 2, …), and each model has one chain in flight.
	const chains = Array.from({ length: models }, () => Promise.resolve());
	await pool(versions, concurrency, async (i) => {
		const m = i % models;
		const v = Math.floor(i / models) + 1;
		const name = modelName(m);
		const runId = runIds[m][v === perModel ? shared : Math.floor((v - 1) / versionsPerRun)];
		const created = chains[m].then(() =>
			call(url, 'POST', 'model-versions/create', {
				name,
				source: `mlflow-artifacts:/${experiment}/${runId}/artifacts/model`,
				run_id: runId,
				description: v % 10 === 0 ? `Version ${v} of ${name}, retrained on data-${v % 7}` : '',
				tags: [{ key: 'dataset', value: `data-${v % 7}` }]
			})
		);
		chains[m] = created.then(() => undefined);
		await created;
	});
	const stages = [
		['Production', perModel],
		['Staging', perModel - 1],
		['Archived', perModel - 2]
	].filter(([, v]) => v >= 1);
	await pool(models * stages.length, concurrency, (i) => {
		const [stage, version] = stages[i % stages.length];
		return call(url, 'POST', 'model-versions/transition-stage', {
			name: modelName(Math.floor(i / stages.length)),
			version: String(version),
			stage,
			archive_existing_versions: false
		});
	});
	return {
		models,
		perModel,
		versions,
		runs: models * runsPerModel,
		versionsPerRun,
		filesUploaded: files,
		runsSeconds: Number(runsSeconds.toFixed(1)),
		concurrency,
		seconds: Number(((performance.now() - started) / 1000).toFixed(1))
	};
}
