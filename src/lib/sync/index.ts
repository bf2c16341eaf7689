export * from './types';
export * from './conventions';
export { MlflowClient, DEFAULT_TIMEOUT_MS, encodeArtifactPath, type MlflowClientOptions } from './client';
