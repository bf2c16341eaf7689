import { bundleParts, collectSnapshots, openBundle, verifiedArtifacts } from '$lib/bundle/import';
import type { ReadLimits } from '$lib/bundle/read';
import { writeBundle } from '$lib/bundle/export';
import type { ConflictPolicy, ModelRegistry } from '$lib';

/** Everything a user can observe of a registry, to compare two registries. */
export async function observe(registry: ModelRegistry) {
	const models = (await registry.listModels({ limit: 1000 })).items;
	const result = [];
	for (const model of models) {
		const versions = (await registry.listVersions(model.name, { limit: 1000, order: 'created-asc' })).items;
		// Every file's bytes, by version and path: what a person would download.
		const files: Record<string, string> = {};
		for (const v of versions) {
			for (const { path } of v.files ?? []) {
				const blob = await registry.loadFile(model.name, v.version, path);
				files[`${v.version}/${path}`] = Buffer.from(await blob.arrayBuffer()).toString('base64');
			}
		}
		const history = (await registry.history(model.name)).map(({ id: _id, ...event }) => event);
		result.push({ model, versions, files, history });
	}
	return result;
}

/** Export from one registry, as the app does. */
export async function exportBundle(registry: ModelRegistry, selection = {}): Promise<Blob> {
	const { snapshots, artifacts } = await registry.snapshot(selection);
	return (await writeBundle(snapshots, artifacts, undefined, {
		now: new Date('2026-11-26T12:00:00Z')
	})) as Blob;
}

/**
 * A bundle opened and read in one pass, its parts merged into whole snapshots: what a caller that
 * needs every model whole sees. An error of the manifest is thrown here, by the pass.
 */
export async function readWhole(file: Blob, limits?: ReadLimits) {
	const bundle = await openBundle(file, limits);
	return { bundle, snapshots: await collectSnapshots(bundleParts(bundle)) };
}

/** Import into another, as the app does: open, plan from one pass, verify, apply from a second pass. */
export async function importBundle(registry: ModelRegistry, file: Blob, policy: ConflictPolicy = 'fail') {
	const bundle = await openBundle(file);
	const plan = await registry.planImport(bundleParts(bundle));
	const artifacts = await verifiedArtifacts(bundle);
	const result = await registry.importSnapshots(bundleParts(bundle), { policy, artifacts, source: 'test' });
	return { plan, result };
}
