import { describe, expect, it } from 'vitest';
import { MlflowClient } from '../../../src/lib/sync/client';
import { listRemoteModels, testConnection } from '../../../src/lib/sync/connection';
import { createModel, createVersion, deleteVersion, mlflowUrl, unique } from './mlflow-fixtures';

describe('testConnection', () => {
	it("reports the server's version, its models and that its artifact proxy answers", async () => {
		await createModel(unique('connection'));
		const report = await testConnection(new MlflowClient({ url: mlflowUrl() }));
		expect(report).toEqual({
			url: mlflowUrl(),
			version: '3.17.2',
			models: expect.any(Number),
			artifactsProxied: true
		});
		expect(report.models).toBeGreaterThanOrEqual(1);
	});

	it('reports no artifact proxy when the server answers its endpoints with 503 (--no-serve-artifacts)', async () => {
		// The message and status MLflow sends from a server started with --no-serve-artifacts.
		const withoutProxy: typeof fetch = (input, init) =>
			String(input).includes('/mlflow-artifacts/')
				? Promise.resolve(new Response('Endpoint disabled due to --no-serve-artifacts', { status: 503 }))
				: fetch(input, init);
		const report = await testConnection(new MlflowClient({ url: mlflowUrl() }, { fetch: withoutProxy }));
		expect(report.artifactsProxied).toBe(false);
	});
});

describe('listRemoteModels', () => {
	it('lists every model with its exact number of versions, deleted ones not counted', async () => {
		const counted = unique('counted');
		const empty = unique('empty');
		await createModel(counted, { description: 'three made, one deleted' });
		await createModel(empty);
		for (let i = 0; i < 3; i++) await createVersion(counted, { source: 's3://bucket/model' });
		await deleteVersion(counted, '3');
		const models = await listRemoteModels(new MlflowClient({ url: mlflowUrl() }));
		const byName = new Map(models.map((model) => [model.name, model]));
		expect(byName.get(counted)).toEqual({
			name: counted,
			description: 'three made, one deleted',
			versions: 2,
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
		});
		expect(byName.get(empty)?.versions).toBe(0);
	});
});
