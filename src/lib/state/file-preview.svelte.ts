import type { ArtifactFile } from '../registry';
import { readPreview, type PreviewContent } from './preview-read';
import { registry } from './registry';

export type { PreviewContent } from './preview-read';

/**
 * The preview of one of a version's files, one at a time: which file, what of it was read, and how it
 * is shown. Only the start of a file is read (`preview-read.ts`), so a preview of a large file is cheap.
 */
export class FilePreview {
	readonly name: string;
	readonly version: string;
	#file = $state.raw<ArtifactFile>();
	#content = $state.raw<PreviewContent>();
	#shownBytes = $state(0);
	#error = $state.raw<unknown>();
	#imageUrl = $state<string>();
	#imageFailed = $state(false);
	/** Markdown as its source rather than rendered. */
	showSource = $state(false);
	/** Each open() counts; a read that finishes after another file was opened (or the preview closed) is dropped. */
	#request = 0;

	constructor(name: string, version: string) {
		this.name = name;
		this.version = version;
	}

	/** The file previewed, from the moment it is asked for. */
	get file(): ArtifactFile | undefined {
		return this.#file;
	}

	get content(): PreviewContent | undefined {
		return this.#content;
	}

	get loading(): boolean {
		return !!this.#file && !this.#content && this.#error === undefined;
	}

	get error(): unknown {
		return this.#error;
	}

	/** Bytes read from the start of the file; fewer than its size when only its start is shown. */
	get shownBytes(): number {
		return this.#shownBytes;
	}

	get cut(): boolean {
		return !!this.#file && this.#shownBytes < this.#file.size;
	}

	/** An object URL for the image, while it is shown. */
	get imageUrl(): string | undefined {
		return this.#imageUrl;
	}

	/** The browser could not decode the image: the name said image, the bytes did not. */
	get imageFailed(): boolean {
		return this.#imageFailed;
	}

	async open(file: ArtifactFile): Promise<void> {
		this.close();
		const request = this.#request;
		this.#file = file;
		try {
			const blob = await registry().loadFile(this.name, this.version, file.path);
			const { content, shownBytes } = await readPreview(blob, file.path);
			if (request !== this.#request) return;
			if (content.kind === 'image') this.#imageUrl = URL.createObjectURL(content.image);
			[this.#content, this.#shownBytes] = [content, shownBytes];
		} catch (error) {
			if (request === this.#request) this.#error = error;
		}
	}

	/** Called by the <img> when the browser cannot decode the bytes. */
	imageBroken(): void {
		this.#imageFailed = true;
	}

	/** Closes the preview and lets go of the image it held. */
	close(): void {
		this.#request++;
		if (this.#imageUrl) URL.revokeObjectURL(this.#imageUrl);
		this.#file = this.#content = this.#error = this.#imageUrl = undefined;
		[this.#shownBytes, this.#imageFailed, this.showSource] = [0, false, false];
	}
}
