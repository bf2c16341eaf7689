/**
 * The rules for the paths of a version's files. A path names a place inside the version's folder and is
 * written out as one (a downloaded zip, a bundle read by another tool), so it can never name a place
 * outside it, and two files can never claim one place.
 */
import { invalidInput } from './errors';

/** Far above a real model folder (a sharded checkpoint with its tokenizer has tens of files). */
export const MAX_FILES = 10_000;
export const MAX_PATH_CHARS = 1_024;
/** What most file systems allow for one name. */
export const MAX_PATH_SEGMENT_CHARS = 255;

// C0 controls and DEL: invisible in a list, and refused by some file systems.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `path` is not a relative path inside a folder, or undefined when it is one. */
export function pathProblem(path: string): string | undefined {
	if (path === '') return 'must not be empty.';
	if ([...path].length > MAX_PATH_CHARS) return `must be at most ${MAX_PATH_CHARS} characters.`;
	if (CONTROL.test(path)) return 'must not contain control characters.';
	if (path.includes('\\')) return 'must separate folders with "/", not "\\".';
	if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
		return 'must be relative (no leading "/" or drive letter).';
	for (const segment of path.split('/')) {
		if (segment === '') return 'must not have an empty folder name ("//" or a trailing "/").';
		if (segment === '.' || segment === '..') return 'must not contain "." or ".." as a folder name.';
		if ([...segment].length > MAX_PATH_SEGMENT_CHARS)
			return `must have names of at most ${MAX_PATH_SEGMENT_CHARS} characters between "/".`;
	}
	return undefined;
}

/**
 * Checks a version's file paths all together: each one as `pathProblem` says, no two alike, and no file
 * where another file's folder is (`a` beside `a/b`). Throws INVALID_INPUT naming `<field>[i].path`.
 */
export function checkFilePaths(paths: readonly string[], field = 'files'): void {
	if (paths.length > MAX_FILES) {
		throw invalidInput(field, 'max-files', `must hold at most ${MAX_FILES.toLocaleString('en')} files.`);
	}
	const seen = new Map<string, number>();
	for (const [i, path] of paths.entries()) {
		const problem = typeof path === 'string' ? pathProblem(path) : 'must be text.';
		if (problem) throw invalidInput(`${field}[${i}].path`, 'file-path', problem);
		const first = seen.get(path);
		if (first !== undefined) {
			throw invalidInput(
				`${field}[${i}].path`,
				'duplicate-path',
				`"${path}" is also the path of file ${first + 1}.`
			);
		}
		seen.set(path, i);
	}
	for (const [i, path] of paths.entries()) {
		const segments = path.split('/');
		for (let end = 1; end < segments.length; end++) {
			const folder = segments.slice(0, end).join('/');
			const file = seen.get(folder);
			if (file !== undefined) {
				throw invalidInput(
					`${field}[${i}].path`,
					'file-is-folder',
					`"${path}" is inside "${folder}", which is a file (file ${file + 1}).`
				);
			}
		}
	}
}

/**
 * A file's own name made fit to be a path of one name: what a registered File or a stored version-1
 * artifact was called. Control characters become "_", and a name a drive letter could start is kept
 * behind "_"; only a name with nothing left becomes `fallback`.
 */
export function safeFileName(name: string, fallback: string): string {
	const cleaned = [...name.replace(new RegExp(CONTROL.source, 'g'), '_')]
		.slice(0, MAX_PATH_SEGMENT_CHARS)
		.join('');
	if (cleaned.trim() === '' || cleaned === '.' || cleaned === '..') return fallback;
	return /^[A-Za-z]:/.test(cleaned) ? `_${cleaned}`.slice(0, MAX_PATH_SEGMENT_CHARS) : cleaned;
}

/** The last name of a path: a file's own name. */
export function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}
