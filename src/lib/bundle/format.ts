/**
 * The registry bundle format, version 2 (docs/bundle-format.md, docs/bundle.schema.json).
 *
 * A bundle is a zip: `manifest.json` (written first) and one `artifacts/<sha256>` entry per
 * distinct file content, stored uncompressed. Format 2 gives each version a folder (`files`, by
 * path); format 1 gave it at most one file (`artifact`), and is still read (`validate.ts`). `BundleManifest` is what we write: complete and strict.
 * `ImportedManifest` is what we may read: anything, until validation has proved otherwise.
 */
import type { MetricDirection, ModelVersion } from '../registry';

export const BUNDLE_FORMAT = 'model-registry-bundle';
export const BUNDLE_FORMAT_VERSION = 2;
export const MANIFEST_NAME = 'manifest.json';
export const ARTIFACT_PREFIX = 'artifacts/';

/** Bounds that no real bundle reaches, so a hostile file cannot exhaust memory before it is refused. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
export const MAX_BUNDLE_ENTRIES = 1_000_001;
export const MAX_BUNDLE_MODELS = 100_000;
export const MAX_BUNDLE_VERSIONS = 1_000_000;
export const MAX_HISTORY_EVENTS = 5_000_000;

/** A version as it travels: its model is the one it is listed under. */
export type BundleVersion = Omit<ModelVersion, 'modelName' | 'fullName'>;

/** A history event as it travels: its time, kind and before/after; ids are the importing registry's. */
export interface BundleEvent {
	at: string;
	kind: string;
	version?: string;
	before?: unknown;
	after?: unknown;
}

export interface BundleModel {
	name: string;
	description: string;
	tags: Record<string, string>;
	createdAt: string;
	updatedAt: string;
	/** alias → version */
	aliases: Record<string, string>;
	/** metric → 'higher' | 'lower', where the model's choice differs from the name's default. Optional. */
	metricDirections?: Record<string, MetricDirection>;
	versions: BundleVersion[];
	/** Oldest first. */
	history: BundleEvent[];
}

export interface BundleManifest {
	format: typeof BUNDLE_FORMAT;
	formatVersion: typeof BUNDLE_FORMAT_VERSION;
	exportedAt: string;
	generator: string;
	models: BundleModel[];
}

/** A manifest as read from a file: nothing in it can be trusted until `validateManifest` says so. */
export type ImportedManifest = unknown;
