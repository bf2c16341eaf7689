// A model folder registered through the app's worker against the same Blobs put into plain IndexedDB, and
// the headers of a huge safetensors and ONNX file read through the worker (bench/browser/model-files.ts),
// with the peak memory of each step. Steps run one page call at a time, so each peak belongs to one step.
import { memorySampler } from './memory.mjs';

export async function modelFilesScenario({
	context,
	page,
	profileDir,
	folderBytes,
	safetensorsGiB,
	onnxGiB
}) {
	const folder = await page.evaluate((bytes) => window.bench.modelFiles.prepare(bytes), folderBytes);
	const memory = await memorySampler(context, page, profileDir);
	const step = (run) => memory.during(() => page.evaluate(run));
	try {
		// What is held before any step: the folder's bytes are already in Blobs on the page.
		const { peak: before } = await memory.during(() => new Promise((done) => setTimeout(done, 1000)));
		return {
			folder,
			before,
			register: await step(() => window.bench.modelFiles.register()),
			rawPut: await step(() => window.bench.modelFiles.rawPut()),
			safetensorsHeader: await memory.during(() =>
				page.evaluate((gib) => window.bench.modelFiles.readHeader('safetensors', gib), safetensorsGiB)
			),
			onnxHeader: await memory.during(() =>
				page.evaluate((gib) => window.bench.modelFiles.readHeader('onnx', gib), onnxGiB)
			)
		};
	} finally {
		await memory.stop();
		await page.evaluate(() => window.bench.modelFiles.cleanup());
	}
}
