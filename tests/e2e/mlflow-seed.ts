/**
 * Puts models on the suite's real MLflow server (global-setup.ts starts it) the way a training job
 * does — experiment, run, metrics, parameters, files, model version, stage — and reads them back,
 * through MLflow's REST API from Node, where CORS does not apply.
 */
export const MLFLOW_URL = process.env.E2E_MLFLOW_URL ?? '';

async function call<T>(method: string, endpoint: string, body?: unknown): Promise<T> {
	const query = method === 'GET' && body ? `?${new URLSearchParams(body as Record<string, string>)}` : '';
	const response = await fetch(`${MLFLOW_URL}/api/2.0/mlflow/${endpoint}${query}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: method === 'GET' ? undefined : JSON.stringify(body)
	});
	if (!response.ok) throw new Error(`${endpoint}: HTTP ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

export interface SeedVersion {
	metrics: Record<string, number>;
	params: Record<string, string>;
	stage?: 'Staging' | 'Production' | 'Archived';
	/** Path in the model folder → content. */
	files: Record<string, string>;
}

/** A registered model whose versions each come from a run of their own, as `mlflow.register_model` makes them. */
export async function seedModel(name: string, versions: SeedVersion[]): Promise<void> {
	await call('POST', 'registered-models/create', { name, description: `Seeded ${name}` });
	const { experiment_id: experiment } = await call<{ experiment_id: string }>('POST', 'experiments/create', {
		name: `seed/${name}`
	});
	for (const version of versions) {
		const { run } = await call<{ run: { info: { run_id: string } } }>('POST', 'runs/create', {
			experiment_id: experiment
		});
		const runId = run.info.run_id;
		await call('POST', 'runs/log-batch', {
			run_id: runId,
			metrics: Object.entries(version.metrics).map(([key, value]) => ({ key, value, timestamp: 0, step: 0 })),
			params: Object.entries(version.params).map(([key, value]) => ({ key, value }))
		});
		for (const [path, content] of Object.entries(version.files)) {
			const response = await fetch(
				`${MLFLOW_URL}/api/2.0/mlflow-artifacts/artifacts/${experiment}/${runId}/artifacts/model/${path}`,
				{ method: 'PUT', body: content }
			);
			if (!response.ok) throw new Error(`upload ${path}: HTTP ${response.status}`);
		}
		const { model_version: created } = await call<{ model_version: { version: string } }>(
			'POST',
			'model-versions/create',
			{ name, source: `mlflow-artifacts:/${experiment}/${runId}/artifacts/model`, run_id: runId }
		);
		if (version.stage) {
			await call('POST', 'model-versions/transition-stage', {
				name,
				version: created.version,
				stage: version.stage,
				archive_existing_versions: false
			});
		}
	}
}

/** The server's versions of a model, with their tags as an object. */
export async function versionsOnServer(name: string) {
	const { model_versions: found = [] } = await call<{
		model_versions?: Array<{
			version: string;
			current_stage: string;
			tags?: Array<{ key: string; value: string }>;
		}>;
	}>('GET', 'model-versions/search', { filter: `name='${name}'`, max_results: '100' });
	return found.map((v) => ({
		version: v.version,
		stage: v.current_stage,
		tags: Object.fromEntries((v.tags ?? []).map((t) => [t.key, t.value]))
	}));
}
