import { ModelFramework } from '../registry/types';
import type { ByteSource } from './byte-source';
import { describeReadFailure } from './errors';
import { readGguf } from './gguf';
import { readHfConfig } from './hf-config';
import { readInputExample, readMlmodel } from './mlmodel';
import { readOnnx } from './onnx';
import { readSafetensors, readSafetensorsIndex } from './safetensors';
import type { FileReading, FormatName, FormatSummary, MlmodelSummary, ModelSummary } from './types';

/** A file of a version's folder: its relative, `/`-separated path and its bytes. */
export interface ModelFile {
	path: string;
	blob: ByteSource;
}

/** The reader for a file, by its name alone: contents are never sniffed, so a renamed file is not guessed at. */
export function formatOf(path: string): FormatName | undefined {
	const name = baseName(path);
	if (name === 'MLmodel') return 'mlmodel';
	if (name === 'config.json') return 'hf-config';
	const lower = name.toLowerCase();
	if (lower.endsWith('.safetensors.index.json')) return 'safetensors-index';
	if (lower.endsWith('.safetensors')) return 'safetensors';
	if (lower.endsWith('.onnx')) return 'onnx';
	if (lower.endsWith('.gguf')) return 'gguf';
	return undefined;
}

/**
 * Reads every model file it knows in a folder, one at a time (so at most one file's bounded read is held),
 * and says which framework they point to. A file that cannot be read gets its reason; the others are read
 * all the same.
 */
export async function readModelFiles(files: readonly ModelFile[]): Promise<ModelSummary> {
	const byPath = new Map(files.map((file) => [file.path, file.blob]));
	const readings: FileReading[] = [];
	for (const { path, blob } of files) {
		const format = formatOf(path);
		if (format === undefined) continue;
		try {
			const summary = await readOne(format, path, blob, byPath);
			if (summary.format === 'mlmodel') await attachInputExample(summary, folderOf(path), byPath);
			// Many folders hold a config.json that is not a model's: one naming no architecture is not listed.
			if (summary.format === 'hf-config' && summary.architectures.length === 0 && !summary.modelType)
				continue;
			readings.push({ path, format, summary });
		} catch (error) {
			readings.push({ path, format, error: describeReadFailure(error) });
		}
	}
	const { framework, by } = decideFramework(readings);
	return { files: readings, suggestedFramework: framework, ...(by !== undefined && { suggestedBy: by }) };
}

function readOne(
	format: FormatName,
	path: string,
	blob: ByteSource,
	byPath: ReadonlyMap<string, ByteSource>
): Promise<FormatSummary> {
	switch (format) {
		case 'mlmodel':
			return readMlmodel(blob);
		case 'hf-config':
			return readHfConfig(blob);
		case 'safetensors':
			return readSafetensors(blob);
		case 'safetensors-index': {
			// The index names its shards relative to its own folder.
			const folder = folderOf(path);
			return readSafetensorsIndex(blob, (name) => byPath.get(folder + name));
		}
		case 'onnx':
			return readOnnx(blob);
		case 'gguf':
			return readGguf(blob);
	}
}

/** MLflow flavors that name a framework the registry has, in the order they are trusted. */
const FLAVOR_FRAMEWORKS: [flavor: string, framework: ModelFramework][] = [
	['sklearn', ModelFramework.SKLEARN],
	['pytorch', ModelFramework.PYTORCH],
	['tensorflow', ModelFramework.TENSORFLOW],
	['keras', ModelFramework.TENSORFLOW],
	['onnx', ModelFramework.ONNX]
];

/**
 * What the files say the framework is: an MLmodel's flavor first (it names it), then an ONNX graph, then
 * safetensors weights with a Hugging Face config (transformers models are PyTorch's unless the weights say
 * otherwise). Anything else is 'custom'; the user can change it.
 */
export function suggestFramework(readings: readonly FileReading[]): ModelFramework {
	return decideFramework(readings).framework;
}

/** The suggestion, and the path of the file that decided it (none for 'custom'). */
function decideFramework(readings: readonly FileReading[]): { framework: ModelFramework; by?: string } {
	const read = readings.flatMap((reading) => ('summary' in reading ? [reading] : []));
	for (const { path, summary } of read) {
		if (summary.format !== 'mlmodel') continue;
		for (const [flavor, framework] of FLAVOR_FRAMEWORKS)
			if (flavor in summary.flavors) return { framework, by: path };
		const transformers = summary.flavors.transformers;
		if (transformers?.framework === 'pt') return { framework: ModelFramework.PYTORCH, by: path };
		if (transformers?.framework === 'tf') return { framework: ModelFramework.TENSORFLOW, by: path };
	}
	const onnx = read.find(({ summary }) => summary.format === 'onnx');
	if (onnx) return { framework: ModelFramework.ONNX, by: onnx.path };
	const weights = read.filter(
		({ summary }) => summary.format === 'safetensors' || summary.format === 'safetensors-index'
	);
	if (weights.length > 0) {
		const saying = (format: string) =>
			weights.find(({ summary }) => 'metadata' in summary && summary.metadata.format === format);
		const tf = saying('tf');
		if (tf) return { framework: ModelFramework.TENSORFLOW, by: tf.path };
		const by = saying('pt') ?? read.find(({ summary }) => summary.format === 'hf-config');
		if (by) return { framework: ModelFramework.PYTORCH, by: by.path };
	}
	return { framework: ModelFramework.CUSTOM };
}

/** The MLmodel names its example relative to its own folder (`input_example.json`). */
async function attachInputExample(
	summary: MlmodelSummary,
	folder: string,
	byPath: ReadonlyMap<string, ByteSource>
): Promise<void> {
	const example = summary.inputExample;
	const name = example?.info.artifact_path;
	if (example === undefined || typeof name !== 'string') return;
	const file = byPath.get(folder + name);
	Object.assign(example, file ? await readInputExample(file) : { notRead: `${name} is not among the files` });
}

/** `a/b/MLmodel` → `a/b/`; a file at the top → ''. */
function folderOf(path: string): string {
	return path.slice(0, path.lastIndexOf('/') + 1);
}

function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}
