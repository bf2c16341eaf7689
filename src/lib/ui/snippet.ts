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
 * A Python snippet that checks the downloaded files against their SHA-256 and, for a version of one
 * file, opens it. The app has no server, so the snippet reads the files "Download" saves, by path
 * from the folder it runs in; nothing is fetched.
 */
export function pythonSnippet(version: ModelVersion): string | undefined {
	const files = version.files;
	if (!files?.length) return undefined;
	const only = files.length === 1 ? files[0] : undefined;
	const loader = PYTHON_LOADERS[version.framework] ?? '# Open it the way your code saved it.';
	return [
		`# ${version.fullName} (${version.framework}): the files "Download" saved from the registry.`,
		'import hashlib',
		'',
		'expected = {',
		...files.map((file) => `    ${JSON.stringify(file.path)}: "${file.sha256}",`),
		'}',
		'for path, sha256 in expected.items():',
		'    with open(path, "rb") as f:',
		'        assert hashlib.sha256(f.read()).hexdigest() == sha256, f"{path} is not the registered file"',
		'',
		...(only ? [`path = ${JSON.stringify(only.path)}`, loader, ''] : [])
	].join('\n');
}
