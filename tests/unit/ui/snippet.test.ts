import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '$lib';
import { pythonSnippet } from '$lib/ui/snippet';
import { aFile, aVersion } from '../builders';

const SHA = 'a'.repeat(64);
const version = (patch: Partial<ModelVersion>) =>
	aVersion({
		modelName: 'churn',
		framework: 'sklearn',
		files: [aFile({ path: 'model.pkl', sha256: SHA })],
		...patch
	});

describe("the Python snippet for a version's files", () => {
	it('reads the downloaded file by its name, checks its SHA-256, then opens it with the framework', () => {
		const snippet = pythonSnippet(version({}))!;
		expect(snippet).toContain(`    "model.pkl": "${SHA}",`);
		expect(snippet).toContain('assert hashlib.sha256(f.read()).hexdigest() == sha256');
		expect(snippet).toContain('path = "model.pkl"');
		expect(snippet).toContain('model = joblib.load(path)');
		expect(pythonSnippet(version({ framework: 'onnx' }))).toContain('onnxruntime.InferenceSession(path)');
		expect(pythonSnippet(version({ framework: 'custom' }))).toContain(
			'# Open it the way your code saved it.'
		);
	});

	it('checks every file of a folder by its path, and opens none of them itself', () => {
		const other = 'b'.repeat(64);
		const snippet = pythonSnippet(
			version({
				files: [aFile({ path: 'MLmodel', sha256: SHA }), aFile({ path: 'model/model.pkl', sha256: other })]
			})
		)!;
		expect(snippet).toContain(
			`expected = {\n    "MLmodel": "${SHA}",\n    "model/model.pkl": "${other}",\n}`
		);
		expect(snippet).toContain('for path, sha256 in expected.items():');
		// Which of several files a framework opens is the folder's business, not the snippet's.
		expect(snippet).not.toContain('path = ');
		expect(snippet).not.toContain('joblib');
	});

	it('quotes a path so that it stays one Python string', () => {
		const snippet = pythonSnippet(version({ files: [aFile({ path: 'a "b" c.pkl', sha256: SHA })] }))!;
		expect(snippet).toContain('path = "a \\"b\\" c.pkl"');
		expect(snippet).toContain(`    "a \\"b\\" c.pkl": "${SHA}",`);
	});

	it('has nothing to offer for a version without files', () => {
		expect(pythonSnippet(version({ files: undefined }))).toBeUndefined();
		expect(pythonSnippet(version({ files: [] }))).toBeUndefined();
	});
});
