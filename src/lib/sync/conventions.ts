/**
 * How our registry and MLflow's name the same things. The app (src/lib/sync) and the Python package
 * (python/) follow the same conventions, so a version pushed by one is found again by the other; they
 * are written out for people in docs/mlflow.md.
 */
import type { ModelFramework, ModelStage } from '../registry';

/** On an MLflow model version and its run: our version string, so a second push finds it and does nothing. */
export const VERSION_TAG = 'model_registry.version';
/** On an MLflow model version and its run: our framework, which MLflow has no field for. */
export const FRAMEWORK_TAG = 'model_registry.framework';
/** On a run: the model it was made for. */
export const MODEL_TAG = 'model_registry.model';
/** Tags our pull writes on a version, and a push never sends back: where the version came from. */
export const ORIGIN_TAGS = {
	version: 'mlflow.version',
	runId: 'mlflow.run_id',
	source: 'mlflow.source',
	server: 'mlflow.server'
} as const;

/** Every pushed version gets a run in the experiment of its model. */
export const experimentName = (model: string): string => `model-registry/${model}`;
/** The run's name: the version it carries. */
export const runName = (model: string, version: string): string => `${model}:${version}`;
/** Where in its run a version's files are uploaded; the MLflow version's `source` is `<artifact_uri>/model`. */
export const RUN_ARTIFACT_FOLDER = 'model';

/** MLflow's stages and ours, both ways. */
export const STAGE_FROM_MLFLOW: Record<string, ModelStage> = {
	None: 'development',
	Staging: 'staging',
	Production: 'production',
	Archived: 'archived'
};
export const STAGE_TO_MLFLOW: Record<ModelStage, string> = {
	development: 'None',
	staging: 'Staging',
	production: 'Production',
	archived: 'Archived'
};

/** MLflow version `N` is ours `N.0.0`, unless the version carries VERSION_TAG (it was pushed from a registry). */
export const semverOfMlflowNumber = (number: string): string => `${number}.0.0`;

/** An MLmodel flavor → our framework; a model with none of these is `custom`. */
export const FRAMEWORK_OF_FLAVOR: Record<string, ModelFramework> = {
	sklearn: 'sklearn',
	pytorch: 'pytorch',
	tensorflow: 'tensorflow',
	keras: 'tensorflow',
	onnx: 'onnx'
};
