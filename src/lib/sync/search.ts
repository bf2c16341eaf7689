/** MLflow's searches, page by page: the one loop over `page_token` that every listing shares. */
import type { MlflowClient } from './client';
import { readPage, type Shape } from './mlflow-types';

/** The most rows MLflow's searches return a page; the default page (10,000 versions) is slow at scale. */
export const SEARCH_PAGE = 1000;

/**
 * Each page of `endpoint`'s answer under `key`, read row by row with `read`, until the server has no
 * next page or the caller stops iterating (a `break` sends no further request).
 */
export async function* searchPages<T>(
	client: MlflowClient,
	endpoint: string,
	query: Record<string, string | number | undefined>,
	key: string,
	read: (row: Shape) => T,
	signal?: AbortSignal
): AsyncGenerator<T[]> {
	let pageToken: string | undefined;
	do {
		const answer = await client.get<unknown>(
			endpoint,
			{ ...query, max_results: SEARCH_PAGE, page_token: pageToken },
			signal
		);
		const page = readPage(endpoint, answer, key, read);
		yield page.items;
		pageToken = page.nextPageToken || undefined;
	} while (pageToken);
}
