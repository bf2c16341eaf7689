import { configure } from '@zip.js/zip.js';

// The registry already runs in a worker, and a nested worker cannot start from file://: zip.js
// compresses and decompresses in this thread.
configure({ useWebWorkers: false });

export {
	BlobReader,
	BlobWriter,
	TextReader,
	ZipReader,
	ZipWriter,
	type Entry,
	type FileEntry
} from '@zip.js/zip.js';
