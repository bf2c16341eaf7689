import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, expectRegistryIntact, registerThroughForm, test } from './fixtures';

/** Writes an `artifacts` row with raw IndexedDB, as something outside the app would: `text` is its bytes. */
async function putArtifactRow(page: Page, row: { sha256: string; text: string; startedAt?: string }) {
	await page.evaluate(
		({ text, ...fields }) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('model-registry');
				open.onsuccess = () => {
					const tx = open.result.transaction('artifacts', 'readwrite');
					tx.objectStore('artifacts').put({ ...fields, blob: new Blob([text]) });
					tx.oncomplete = () => resolve(open.result.close());
					tx.onerror = () => reject(tx.error);
				};
			}),
		row
	);
}

/** On the settings page: Check registry finds one problem, `problem`; Repair, once confirmed, does `repaired`. */
async function checkAndRepairOne(page: Page, problem: string, repaired: string) {
	await page.getByRole('button', { name: 'Check registry' }).click();
	const result = page.getByRole('status', { name: 'Check result' });
	await expect(result).toContainText('found 1 problem');
	await expect(result).toContainText(problem);

	await page.getByRole('button', { name: 'Repair 1 problem' }).click();
	await page
		.getByRole('dialog', { name: 'Repair the registry?' })
		.getByRole('button', { name: 'Repair' })
		.click();
	await expect(page.getByRole('status', { name: 'Repairs made' })).toContainText(repaired);
	await expect(result).toContainText('no problems found');
}

test('settings show the space used and wipe everything after confirmation', async ({ app, page }) => {
	await app.open();
	await registerThroughForm(page, {
		name: 'churn',
		version: '1.0.0',
		file: { name: 'm.bin', buffer: Buffer.alloc(4096, 7) }
	});
	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	await expect(page.getByText(/used of .* this browser allows; .* left\./)).toBeVisible();
	await expect(page.getByRole('meter', { name: 'Space used by this app' })).toBeVisible();

	await page.getByRole('button', { name: 'Wipe everything' }).click();
	const dialog = page.getByRole('dialog', { name: 'Wipe the whole registry?' });
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await expect(page.getByRole('row', { name: /churn/ })).toBeVisible();

	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('button', { name: 'Wipe everything' }).click();
	await dialog.getByRole('button', { name: 'Wipe everything' }).click();
	await expect(page.getByText('The registry is empty now.')).toBeVisible();
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
});

test('checking the registry finds damage done outside the app, and repair fixes it after confirmation', async ({
	app,
	page
}) => {
	await app.open();
	await registerThroughForm(page, {
		name: 'churn',
		version: '1.0.0',
		file: { name: 'm.bin', buffer: Buffer.alloc(2048, 1) }
	});
	await expectRegistryIntact(app, page);
	await expect(page.getByRole('status', { name: 'Check result' })).toContainText(
		'Checked 1 model, 1 version, 1 artifact and 1 history event'
	);

	// Something outside the app (an old version, a half-finished tool) leaves bytes no version uses.
	await putArtifactRow(page, { sha256: 'f'.repeat(64), text: 'left behind' });
	await checkAndRepairOne(
		page,
		'11 bytes of artifact bytes (SHA-256 ffffffffffff…) belong to no version.',
		'Removed 11 bytes of artifact bytes (SHA-256 ffffffffffff…) that no version used.'
	);
	await page.getByRole('link', { name: 'Models', exact: true }).click();
	await expect(page.getByRole('row', { name: /churn/ })).toBeVisible();
});

test('checking the registry finds a metric out of its range, and repair keeps its value as a custom metric', async ({
	app,
	page
}) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0', metrics: { Accuracy: '0.9' } });
	// Written by a build from before ranges were checked: accuracy 1.5 tops every leaderboard. The
	// upgrade since then summarized it into the model's chart summary as it was.
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('model-registry');
				open.onsuccess = () => {
					const tx = open.result.transaction(['versions', 'seriesBuckets'], 'readwrite');
					const versions = tx.objectStore('versions');
					const read = versions.get(['churn', '1.0.0']);
					read.onsuccess = () => versions.put({ ...read.result, metrics: { accuracy: 1.5, custom: {} } });
					const buckets = tx.objectStore('seriesBuckets');
					const bucket = buckets.get(['churn', '']);
					bucket.onsuccess = () => {
						const [point] = bucket.result.points;
						buckets.put({ ...bucket.result, points: [{ ...point, values: { accuracy: 1.5 } }] });
					};
					tx.oncomplete = () => resolve(open.result.close());
					tx.onerror = () => reject(tx.error);
				};
			})
	);
	await app.open('/settings');
	await checkAndRepairOne(
		page,
		'churn:1.0.0 has accuracy 1.5, but accuracy must be between 0 and 1. Repair moves the value to the ' +
			'custom metric accuracy_out_of_range',
		"Moved churn:1.0.0's accuracy 1.5 to the custom metric accuracy_out_of_range."
	);
	await app.open('/models/churn/versions/1.0.0');
	await expect(page.getByRole('row', { name: 'accuracy_out_of_range 1.5' })).toBeVisible();
});

test('checking the registry finds the bytes a closed tab left while hashing, and repair removes only them', async ({
	app,
	page
}) => {
	await app.open();
	// 9 MiB: stored while hashed, then adopted by the registration (registry/upload.ts).
	const bytes = randomBytes(9 * 2 ** 20);
	await registerThroughForm(page, {
		name: 'vision',
		version: '1.0.0',
		file: { name: 'w.bin', buffer: bytes }
	});
	// What a tab closed mid-hash leaves: an upload row that no artifact points at.
	await putArtifactRow(page, {
		sha256: 'upload:left-behind',
		text: 'half',
		startedAt: '2026-01-02T03:04:05.000Z'
	});
	await app.open('/settings');
	await checkAndRepairOne(
		page,
		'4 bytes stored by a registration that did not finish (started 2026-01-02T03:04:05.000Z) belong to no version.',
		'Removed 4 bytes stored by a registration that did not finish (started 2026-01-02T03:04:05.000Z).'
	);
	await app.open('/models/vision/versions/1.0.0');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download w.bin' }).click();
	expect((await readFile(await (await download).path())).equals(bytes)).toBe(true);
});
