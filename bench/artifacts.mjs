// Registering one large artifact through the app's worker and loading it back, against the same Blob
// put into and got from plain IndexedDB (the steps are in bench/browser/artifacts.ts), with the peak
// memory of each step. Steps run one page call at a time, so each peak belongs to one step.
// Then the same size from a file on disk, chosen through a file input as a person's file is.
import { randomFillSync } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memorySampler } from './memory.mjs';

const WRITE_CHUNK_BYTES = 64 * 2 ** 20;

/** `bytes` random bytes on disk: random, so neither the file system nor a copy can skip any. */
async function randomFile(path, bytes) {
	const file = await open(path, 'w');
	try {
		const chunk = Buffer.alloc(Math.min(WRITE_CHUNK_BYTES, bytes));
		for (let at = 0; at < bytes; at += chunk.length) {
			const length = Math.min(chunk.length, bytes - at);
			await file.write(randomFillSync(chunk, 0, length), 0, length, at);
		}
	} finally {
		await file.close();
	}
}

export async function artifactsScenario({ context, page, profileDir, bytes }) {
	await page.evaluate((size) => window.bench.artifacts.prepare(size), bytes);
	const dir = await mkdtemp(join(tmpdir(), 'bench-artifact-'));
	const memory = await memorySampler(context, page, profileDir);
	const step = (name) => memory.during(() => page.evaluate((n) => window.bench.artifacts[n](), name));
	try {
		// What is held before any step: the artifact's bytes are already in a Blob on the page.
		const { peak: before } = await memory.during(() => new Promise((done) => setTimeout(done, 1000)));
		const result = {
			bytes,
			before,
			register: await step('register'),
			rawPut: await step('rawPut'),
			load: await step('load'),
			rawGet: await step('rawGet')
		};
		const path = join(dir, 'model.bin');
		await randomFile(path, bytes);
		const input = await page.evaluateHandle(() => window.bench.artifacts.fileInput());
		await input.asElement().setInputFiles(path);
		return {
			...result,
			fromDisk: { registerFile: await step('registerFile'), rawPutFile: await step('rawPutFile') }
		};
	} finally {
		await memory.stop();
		await page.evaluate(() => window.bench.artifacts.cleanup());
		await rm(dir, { recursive: true, force: true });
	}
}
