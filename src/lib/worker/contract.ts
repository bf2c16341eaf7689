/**
 * The one typed API between the page and the registry worker. The page calls these through
 * `client.ts`; `registry.worker.ts` implements them with a ModelRegistry on IndexedDB.
 */
import type { ModelListQuery, Page, RegisteredModel } from '../registry';

export interface RegistryApi {
	listModels(query?: ModelListQuery): Promise<Page<RegisteredModel>>;
}

/** The IndexedDB database the app keeps its registry in (one origin under file://: keep it specific). */
export const APP_DATABASE_NAME = 'model-registry';
