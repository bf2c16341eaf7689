import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '$lib';
import { pythonSnippet } from '$lib/ui/snippet';
import { aVersion } from '../builders';

const SHA = 'a'.repeat(64);
const version = (patch: Partial<ModelVersion>) =>
	aVersion({
		modelName: 'churn',
		framework: 'sklearn',
		artifact: { sha256: SHA, size: 3, mediaType: 'application/octet-stream', filename: 'model.pkl' },
		...patch
	});

describe('the Python snippet for an artifact', () => {
	it('reads the downloaded file by its name, checks its SHA-256, then opens it with the framework', () => {
		const snippet = pythonSnippet(version({}))!;
		expect(snippet).toContain('path = "model.pkl"');
		expect(snippet).toContain(`assert digest == "${SHA}"`);
		expect(snippet).toContain('model = joblib.load(path)');
		expect(pythonSnippet(version({ framework: 'onnx' }))).toContain('onnxruntime.InferenceSession(path)');
		expect(pythonSnippet(version({ framework: 'custom' }))).toContain(
			'# Open it the way your code saved it.'
		);
	});

	it('quotes a file name so that it stays one Python string', () => {
		const artifact = { sha256: SHA, size: 1, mediaType: 'x', filename: 'a "b"\\c.pkl' };
		expect(pythonSnippet(version({ artifact }))).toContain('path = "a \\"b\\"\\\\c.pkl"');
	});

	it('has nothing to offer for a version without an artifact', () => {
		expect(pythonSnippet(version({ artifact: undefined }))).toBeUndefined();
	});
});
