import type { Locator, Page } from '@playwright/test';
import { APP_DATABASE_NAME } from '../../src/lib/worker/contract';

/**
 * Everything the registry stores, read straight from the page's IndexedDB. Tests operate through
 * the UI; this only checks afterwards what the UI did.
 */
export interface Stored {
	models: Array<{ name: string; versionCount: number; latestVersion?: string; productionVersion?: string }>;
	versions: Array<{ model: string; version: string; stage: string; sha256?: string; size?: number }>;
	artifacts: Array<{ sha256: string; size: number }>;
	/** The history in commit order, with its time (ms since 1970) and the stage a stage change moved to. */
	events: Array<{ id: number; at: number; kind: string; model: string; version?: string; stage?: string }>;
}

export function readStored(page: Page): Promise<Stored> {
	return page.evaluate(async (name) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(name);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		try {
			const tx = db.transaction(['models', 'versions', 'artifacts', 'events'], 'readonly');
			const all = <T>(store: string) =>
				new Promise<T[]>((resolve, reject) => {
					const request = tx.objectStore(store).getAll();
					request.onsuccess = () => resolve(request.result as T[]);
					request.onerror = () => reject(request.error);
				});
			type Model = Stored['models'][number];
			type Version = {
				modelName: string;
				version: string;
				stage: string;
				files?: Array<{ sha256: string; size: number }>;
			};
			type Event = {
				id: number;
				at: string;
				kind: string;
				model: string;
				version?: string;
				after?: { stage?: string };
			};
			const [models, versions, artifacts, events] = await Promise.all([
				all<Model>('models'),
				all<Version>('versions'),
				all<{ sha256: string; blob: Blob }>('artifacts'),
				all<Event>('events')
			]);
			return {
				models: models.map(({ name, versionCount, latestVersion, productionVersion }) => ({
					name,
					versionCount,
					latestVersion,
					productionVersion
				})),
				versions: versions.map((v) => ({
					model: v.modelName,
					version: v.version,
					stage: v.stage,
					// The tests that read this register one file per version.
					sha256: v.files?.[0]?.sha256,
					size: v.files?.[0]?.size
				})),
				artifacts: artifacts.map((a) => ({ sha256: a.sha256, size: a.blob.size })),
				events: events.map((e) => ({
					id: e.id,
					at: Date.parse(e.at),
					kind: e.kind,
					model: e.model,
					version: e.version,
					stage: e.kind === 'version.stage_changed' ? e.after?.stage : undefined
				}))
			};
		} finally {
			db.close();
		}
	}, APP_DATABASE_NAME);
}

/** The body rows of a table as a person reads them: the text of each cell, the row header included. */
export function tableRows(table: Locator): Promise<string[][]> {
	return table
		.getByRole('row')
		.filter({ has: table.page().getByRole('rowheader') })
		.evaluateAll((rows) =>
			rows.map((row) => Array.from(row.children, (cell) => (cell as HTMLElement).innerText.trim()))
		);
}
