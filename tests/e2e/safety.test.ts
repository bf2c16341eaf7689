import { expect, registerThroughForm, test } from './fixtures';

const SCRIPT_PAYLOAD = '<img src=x onerror="window.__pwned = true"><script>window.__pwned = true</script>';

test('script in a description or a tag is shown as text and never runs', async ({ app, page }) => {
	await app.open();
	await registerThroughForm(page, {
		name: 'xss',
		version: '1.0.0',
		description: `Hello ${SCRIPT_PAYLOAD} [click](javascript:window.__pwned=true)`,
		tags: { payload: SCRIPT_PAYLOAD }
	});
	await expect(page.getByRole('list', { name: 'Tags' })).toContainText(SCRIPT_PAYLOAD);
	const description = page.getByRole('region', { name: 'Description' });
	await expect(description).toContainText('Hello');
	await expect(description.locator('script, [onerror]')).toHaveCount(0);
	await expect(description.getByText('click')).toBeVisible();
	await expect(description.locator('a[href^="javascript" i]')).toHaveCount(0);
	// Wait until every image has loaded or failed, when an onerror payload would have run.
	await description
		.locator('img')
		.evaluateAll((images) =>
			Promise.all(
				images.map(
					(img) =>
						(img as HTMLImageElement).complete || new Promise((done) => img.addEventListener('error', done))
				)
			)
		);
	expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
});
