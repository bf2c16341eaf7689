/**
 * A full disk, made with the DevTools protocol's quota override (http only: a file:// page has no
 * origin to override): a too-large artifact or bundle is refused with the space needed and free,
 * and nothing is half-written.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectRegistryIntact, registerThroughForm, submitRegisterForm, test } from './fixtures';

const MiB = 2 ** 20;

/**
 * Gives the app's origin a quota of `bytes`. Chromium reads an origin's quota when it first opens
 * its storage, so this runs on a page of that origin before the app has opened anything.
 */
async function setQuota(page: Page, origin: string, bytes: number) {
	await page.goto(`${origin}/no-app-here`);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: bytes });
}

// Chromium's estimate does not see the DevTools override (it reports a share of the disk), so the
// refusal comes from the write itself, and the message gives the figures the browser reports.
const storageFull =
	/Storage is full: this needs 8\.\d MB, and the browser refused to store it \(it reports .+ free for this app, but the disk or its quota holds less\)\. Nothing was saved\./;

test('with the disk nearly full, a large artifact or bundle is refused with the figures and nothing is written', async ({
	app,
	page,
	browser
}, testInfo) => {
	// A bundle holding an 8 MiB artifact, exported from another profile.
	const elsewhere = await browser.newContext();
	const other = await elsewhere.newPage();
	await app.open('/', other);
	await registerThroughForm(other, {
		name: 'vision',
		version: '1.0.0',
		file: { name: 'weights.bin', buffer: randomBytes(8 * MiB) }
	});
	await app.open('/transfer', other);
	const download = other.waitForEvent('download');
	await other.getByRole('button', { name: 'Download bundle' }).click();
	const bundlePath = testInfo.outputPath('registry.zip');
	await (await download).saveAs(bundlePath);
	await elsewhere.close();

	await setQuota(page, new URL(app.url()).origin, 5 * MiB);
	await app.open();
	await registerThroughForm(page, { name: 'churn', version: '1.0.0' });
	await submitRegisterForm(page, {
		name: 'churn',
		version: '2.0.0',
		file: { name: 'big.bin', buffer: randomBytes(8 * MiB) }
	});
	await expect(page.getByRole('alert').filter({ hasText: 'Storage is full' })).toContainText(storageFull);
	await app.open('/transfer');
	await page.getByLabel('Bundle file').setInputFiles(bundlePath);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Storage is full' })).toContainText(storageFull);

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
