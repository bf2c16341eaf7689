import type { ModelFramework, ModelVersion } from '../registry';

/** How each framework's own library opens a saved model, in Python; `custom` has no one way. */
const PYTHON_LOADERS: Record<ModelFramework, string | undefined> = {
	sklearn: 'import joblib\nmodel = joblib.load(path)',
	pytorch: 'import torch\nmodel = torch.load(path)',
	tensorflow: 'import tensorflow as tf\nmodel = tf.keras.models.load_model(path)',
	onnx: 'import onnxruntime\nsession = onnxruntime.InferenceSession(path)',
	custom: undefined
};

/**
 * A Python snippet that checks the downloaded artifact against its SHA-256 and opens it. The app has
 * no server, so the snippet reads the file "Download" saves, by its name; nothing is fetched.
 */
export function pythonSnippet(version: ModelVersion): string | undefined {
	const artifact = version.artifact;
	if (!artifact) return undefined;
	const loader = PYTHON_LOADERS[version.framework] ?? '# Open it the way your code saved it.';
	return [
		`# ${version.fullName} (${version.framework}): the file "Download" saved from the registry.`,
		'import hashlib',
		'',
		`path = ${JSON.stringify(artifact.filename)}`,
		'with open(path, "rb") as f:',
		'    digest = hashlib.sha256(f.read()).hexdigest()',
		`assert digest == "${artifact.sha256}", "not the registered artifact"`,
		'',
		loader,
		''
	].join('\n');
}
