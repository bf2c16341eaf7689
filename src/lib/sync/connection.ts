/**
 * What a person sees before pulling: whether the server answers and how (connection test), and the
 * models it holds with their version counts (the "choose what to pull" list).
 */
import { RegistryError } from '../registry/errors';
import type { MlflowClient } from './client';
import { readPage, type Shape } from './mlflow-types';
import { searchRegisteredModels } from './pull';
import { SEARCH_PAGE, searchPages } from './search';
import type { ConnectionReport, RemoteModel } from './types';

/**
 * The server's version, its registered models (one search page, so a lower bound past SEARCH_PAGE), and
 * whether its artifact proxy answers. A server started with `--no-serve-artifacts` answers the proxy's
 * endpoints with 503, and one without the proxy's routes with 404: both mean files cannot cross.
 */
export async function testConnection(client: MlflowClient, signal?: AbortSignal): Promise<ConnectionReport> {
	const version = await client.version(signal);
	const endpoint = 'registered-models/search';
	const answer = await client.get<unknown>(endpoint, { max_results: SEARCH_PAGE }, signal);
	const models = readPage(endpoint, answer, 'registered_models', (model) => model.at('name').string()).items
		.length;
	const artifactsProxied = await client.listArtifacts('', signal).then(
		() => true,
		(error: unknown) => {
			const status = RegistryError.is(error, 'REMOTE') ? error.details.status : undefined;
			if (status === 503 || status === 404) return false;
			throw error;
		}
	);
	return { url: client.url, version, models, artifactsProxied };
}

/**
 * Every registered model with its exact number of versions. The counts come from one walk over all the
 * server's versions (`model-versions/search` without a filter, SEARCH_PAGE a page): ⌈versions / 1,000⌉
 * requests however many models there are, where a search per model would cost at least one request each.
 * The highest number among `latest_versions` would be cheaper but is wrong once a version is deleted.
 */
export async function listRemoteModels(client: MlflowClient, signal?: AbortSignal): Promise<RemoteModel[]> {
	const models = await searchRegisteredModels(client, signal);
	const counts = await countVersions(client, signal);
	return models.map((model) => ({
		name: model.name,
		description: model.description,
		versions: counts.get(model.name) ?? 0,
		updatedAt: new Date(model.last_updated_timestamp).toISOString()
	}));
}

async function countVersions(client: MlflowClient, signal?: AbortSignal): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	// Only the name is read of each row: a full check of rows that are only counted would be wasted work.
	const names = (row: Shape) => row.at('name').string();
	for await (const page of searchPages(
		client,
		'model-versions/search',
		{},
		'model_versions',
		names,
		signal
	)) {
		for (const name of page) counts.set(name, (counts.get(name) ?? 0) + 1);
	}
	return counts;
}
