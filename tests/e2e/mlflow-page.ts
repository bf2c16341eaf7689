/** What a person does on Settings → MLflow servers and on the MLflow page, step by step. */
import { expect, type Page } from '@playwright/test';
import { MLFLOW_URL } from './mlflow-seed';

/** A name no other test (or run of this one, in the other project) uses on the suite's shared server. */
export const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`;

/** Adds the suite's MLflow server in Settings. */
export async function addServer(page: Page, url = MLFLOW_URL) {
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByLabel('Server address').fill(url);
	await page.getByRole('button', { name: 'Save server' }).click();
	await expect(page.getByRole('button', { name: `Remove ${url}` })).toBeVisible();
}

/** On the MLflow page: lists the server's models, chooses `name` and fetches it into a pull preview. */
export async function previewPullOf(page: Page, name: string) {
	await page.getByRole('button', { name: "List the server's models" }).click();
	await page
		.getByRole('group', { name: /Models to pull/ })
		.getByRole('checkbox', { name: new RegExp(`^${name}`) })
		.check();
	await page.getByRole('button', { name: 'Pull 1 model' }).click();
}

/** On the MLflow page: chooses the local model `name` and reviews its push. */
export async function previewPushOf(page: Page, name: string) {
	await page
		.getByRole('group', { name: 'Models whose versions to push' })
		.getByRole('checkbox', { name: new RegExp(`^${name}`) })
		.check();
	await page.getByRole('button', { name: 'Review the push' }).click();
}
