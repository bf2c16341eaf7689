/**
 * A full disk, made with the DevTools protocol's quota override (http only: a file:// page has no
 * origin to override): a too-large artifact or bundle is refused with the space needed and free,
 * and nothing is half-written.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectRegistryIntact, registerThroughForm, test } from './fixtures';

const MiB = 2 ** 20;

/** Leaves the origin `headroom` bytes above what it uses now. */
async function shrinkQuota(page: Page, headroom: number) {
	const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Storage.overrideQuotaForOrigin', {
		origin: new URL(page.url()).origin,
		quotaSize: usage + headroom
	});
}

const storageFull = /Storage is full: this needs 8\.\d MB, but only \d\.\d MB is free\. Nothing was saved\./;

test('with the disk nearly full, a large artifact or bundle is refused with the figures and nothing is written', async ({
	app,
	page
}, testInfo) => {
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	// A bundle holding an 8 MiB artifact, exported while there was room, then removed from the registry.
	await registerThroughForm(page, {
		name: 'vision',
		version: '1.0.0',
		file: { name: 'weights.bin', buffer: randomBytes(8 * MiB) }
	});
	await app.open('/transfer');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download bundle' }).click();
	const bundlePath = testInfo.outputPath('registry.zip');
	await (await download).saveAs(bundlePath);
	await app.open('/models/vision');
	await page.getByRole('button', { name: 'Delete model' }).click();
	await page
		.getByRole('dialog', { name: 'Delete vision?' })
		.getByRole('button', { name: 'Delete model' })
		.click();
	await expect(page.getByRole('row', { name: /vision/ })).toHaveCount(0);

	await shrinkQuota(page, 3 * MiB);

	await registerThroughForm(page, {
		name: 'churn',
		version: '2.0.0',
		file: { name: 'big.bin', buffer: randomBytes(8 * MiB) }
	});
	await expect(page.getByRole('alert')).toContainText(storageFull);
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles(bundlePath);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('alert')).toContainText(storageFull);

	// Nothing of either: one model, one version, no stray bytes.
	await app.open('/');
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
	await expect(page.getByRole('row', { name: /churn/ })).toContainText('1.0.0');
	await expectRegistryIntact(app, page);
	await expect(page.getByRole('status', { name: 'Check result' })).toContainText(
		'Checked 1 model, 1 version, 0 artifacts'
	);

	// What fits still saves.
	await registerThroughForm(page, {
		name: 'churn',
		version: '1.1.0',
		file: { name: 'small.bin', buffer: randomBytes(MiB) }
	});
	await expect(page.getByRole('heading', { name: /churn/ })).toBeVisible();
	await expectRegistryIntact(app, page);
});
