// Registering one large artifact through the app's worker and loading it back, against the same Blob
// put into and got from plain IndexedDB (the steps are in bench/browser/artifacts.ts), with the peak
// memory of each step. Steps run one page call at a time, so each peak belongs to one step.
import { memorySampler } from './memory.mjs';

export async function artifactsScenario({ context, page, profileDir, bytes }) {
	await page.evaluate((size) => window.bench.artifacts.prepare(size), bytes);
	const memory = await memorySampler(context, page, profileDir);
	const step = (name) => memory.during(() => page.evaluate((n) => window.bench.artifacts[n](), name));
	try {
		// What is held before any step: the artifact's bytes are already in a Blob on the page.
		const { peak: before } = await memory.during(() => new Promise((done) => setTimeout(done, 1000)));
		return {
			bytes,
			before,
			register: await step('register'),
			rawPut: await step('rawPut'),
			load: await step('load'),
			rawGet: await step('rawGet')
		};
	} finally {
		await memory.stop();
		await page.evaluate(() => window.bench.artifacts.cleanup());
	}
}
