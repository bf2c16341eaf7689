import type { ArtifactFile } from '../registry';
import type { FileReading, ModelSummary } from '../formats';
import { Query, unlessMissing } from './query.svelte';
import { registry } from './registry';

// The UI renders summaries but never imports the worker or the readers: state hands it their types.
export type * from '../formats/types';

/** One line per format the registry reads, for a folder where it finds none of them. */
export const FORMATS_READ = [
	'MLflow MLmodel files',
	'ONNX models (.onnx)',
	'safetensors weights (.safetensors) and their index (.safetensors.index.json)',
	'GGUF models (.gguf)',
	'Hugging Face config.json'
] as const;

/**
 * What a version's model files say (`registry().readModel`): read when the version's files are known, again
 * when they change. The worker keeps readings by content, so a re-read after an unrelated change in any tab
 * (a tag, a stage) costs one lookup, not a second reading.
 */
export class ModelReading {
	readonly #query: Query<ModelSummary | undefined>;

	/** Create during component initialisation (its query is an effect). `files` is the version's, once read. */
	constructor(name: string, version: string, files: () => readonly ArtifactFile[] | undefined) {
		// The files' paths and contents, not the array: a new copy of the same files is not a reason to re-read.
		const content = $derived(
			(files() ?? []).map((file) => `${file.path}\u0000${file.sha256}`).join('\u0000')
		);
		this.#query = new Query(() =>
			// A version without files has nothing to read; one deleted meanwhile is not an error here (the page says).
			content === '' ? Promise.resolve(undefined) : unlessMissing(registry().readModel(name, version))
		);
	}

	/** The reading, once there is one; kept while a newer one is read, so the section does not flicker. */
	get summary(): ModelSummary | undefined {
		return this.#query.value;
	}

	/** Reading and nothing to show yet. */
	get reading(): boolean {
		return this.#query.loading && this.#query.value === undefined;
	}

	/** Why the files could not be read at all (a file that cannot be read is a reading with its error). */
	get error(): unknown {
		return this.#query.error;
	}

	get files(): FileReading[] {
		return this.#query.value?.files ?? [];
	}
}
