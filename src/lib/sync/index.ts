export * from './types';
export * from './conventions';
export { MlflowClient, DEFAULT_TIMEOUT_MS, encodeArtifactPath, type MlflowClientOptions } from './client';
export { testConnection, listRemoteModels } from './connection';
export { pullModels, type KnownVersion, type PullOptions } from './pull';
export { snapshotFromMlflow, type PulledModel, type PulledVersion } from './from-mlflow';
export { planPush, pushVersions, PUSH_STEPS_PER_VERSION, type PushOptions, type PushVersion } from './push';
