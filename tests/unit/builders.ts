/** Domain records for tests that need one without a registry: every field a real one has, defaults dull. */
import type { ArtifactFile, ModelVersion, RegistryEvent } from '$lib';

const AT = '2026-01-01T00:00:00.000Z';

/** A version of `modelName` (default `m`) in development, with nothing but what `patch` says (no files). */
export function aVersion(patch: Partial<ModelVersion> = {}): ModelVersion {
	const modelName = patch.modelName ?? 'm';
	const version = patch.version ?? '1.0.0';
	return {
		modelName,
		version,
		fullName: `${modelName}:${version}`,
		stage: 'development',
		framework: 'custom',
		metrics: { custom: {} },
		parameters: {},
		tags: {},
		description: '',
		createdAt: AT,
		updatedAt: AT,
		...patch
	};
}

/** One file of a version's folder: `model.pkl`, 3 bytes, unless `patch` says otherwise. */
export function aFile(patch: Partial<ArtifactFile> = {}): ArtifactFile {
	return {
		path: 'model.pkl',
		sha256: 'a'.repeat(64),
		size: 3,
		mediaType: 'application/octet-stream',
		...patch
	};
}

/** A history event, by default a registration in model `churn`. */
export function anEvent(patch: Partial<RegistryEvent> = {}): RegistryEvent {
	return { id: 1, at: AT, kind: 'version.registered', model: 'churn', ...patch };
}
