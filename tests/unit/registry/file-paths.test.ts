/** The paths of a version's files: each names a place inside the version's folder, and only one file has it. */
import { describe, expect, it } from 'vitest';
import { MAX_FILES, MAX_PATH_CHARS, MAX_PATH_SEGMENT_CHARS, pathProblem, RegistryError } from '$lib';
import { checkFilePaths } from '$lib/registry/file-paths';

/** The INVALID_INPUT error `checkFilePaths` throws for these paths; fails the test if it throws none. */
function refused(paths: string[], field?: string): RegistryError {
	try {
		checkFilePaths(paths, field);
	} catch (error) {
		expect(RegistryError.is(error, 'INVALID_INPUT'), String(error)).toBe(true);
		return error as RegistryError;
	}
	throw new Error(`accepted ${JSON.stringify(paths)}`);
}

describe('file paths', () => {
	const bad: Array<[string, string]> = [
		['an empty path', ''],
		['a backslash', 'model\\weights.bin'],
		['a leading slash', '/etc/passwd'],
		['a drive letter', 'C:/model.bin'],
		['a lower-case drive letter', 'c:model.bin'],
		['a parent folder', '../evil'],
		['a parent folder inside', 'model/../../evil'],
		['a current folder', './model.bin'],
		['a current folder inside', 'model/./weights.bin'],
		['an empty folder name', 'model//weights.bin'],
		['a trailing slash', 'model/'],
		['a NUL character', 'model\u0000.bin'],
		['a newline', 'model\n.bin'],
		['a DEL character', 'model\u007f.bin'],
		['more than 1,024 characters', 'a/'.repeat(512) + 'b'],
		['a name of more than 255 characters', `model/${'n'.repeat(256)}`]
	];

	it.each(bad)('refuses %s, naming the file and the rule', (_case, path) => {
		expect(pathProblem(path)).toEqual(expect.any(String));
		const error = refused(['ok.bin', path]);
		expect(error.details).toMatchObject({ field: 'files[1].path', rule: 'file-path' });
		expect(error.message).toBe(`files[1].path: ${pathProblem(path)}`);
	});

	it('accepts a nested folder, names at their limits, and any other character', () => {
		const paths = [
			'MLmodel',
			'model/model.pkl',
			'model/data/weights.00001-of-00002.safetensors',
			'tokenizer/vocab.txt',
			'.hidden/..dots../file.',
			'with space/ünïcödé ✓/😀.bin',
			'n'.repeat(MAX_PATH_SEGMENT_CHARS),
			// Counted in characters, not UTF-16 code units.
			`${'😀'.repeat(MAX_PATH_SEGMENT_CHARS)}/x`,
			`${'d/'.repeat((MAX_PATH_CHARS - 2) / 2)}ab`
		];
		expect(paths.at(-1)).toHaveLength(MAX_PATH_CHARS);
		for (const path of paths) expect(pathProblem(path), path).toBeUndefined();
		expect(() => checkFilePaths(paths)).not.toThrow();
	});

	it('refuses the same path twice, naming the second', () => {
		const error = refused(['a.bin', 'model/w.bin', 'c.bin', 'model/w.bin']);
		expect(error.details).toMatchObject({ field: 'files[3].path', rule: 'duplicate-path' });
		expect(error.message).toBe('files[3].path: "model/w.bin" is also the path of file 2.');
	});

	it('refuses a file where another file has its folder, either way round', () => {
		expect(refused(['model', 'model/w.bin']).details).toMatchObject({
			field: 'files[1].path',
			rule: 'file-is-folder'
		});
		expect(refused(['a/b/c.bin', 'x.bin', 'a/b']).details).toMatchObject({
			field: 'files[0].path',
			rule: 'file-is-folder'
		});
		// Only a whole folder name counts: "model.bin" is not inside "model".
		expect(() => checkFilePaths(['model', 'model.bin', 'models/w.bin'])).not.toThrow();
	});

	it('refuses more than 10,000 files, and takes 10,000', () => {
		const paths = Array.from({ length: MAX_FILES + 1 }, (_, i) => `shards/${i}.bin`);
		expect(MAX_FILES).toBe(10_000);
		expect(refused(paths).details).toMatchObject({ field: 'files', rule: 'max-files' });
		expect(() => checkFilePaths(paths.slice(0, MAX_FILES))).not.toThrow();
	});

	it('names the field it is given, as a bundle manifest does', () => {
		const error = refused(['a', 'a'], 'models[0].versions[1].files');
		expect(error.details.field).toBe('models[0].versions[1].files[1].path');
	});
});
