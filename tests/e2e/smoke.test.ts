import { expect, test } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

test('the served app opens the registry in its worker and counts the models', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Model Registry' })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('The registry is ready. It holds 0 models.');
});

test('the built index.html opens straight from disk, with no server', async ({ page }) => {
	await page.goto(pathToFileURL(resolve('build/index.html')).href);
	await expect(page.getByRole('status')).toHaveText('The registry is ready. It holds 0 models.');
});
