/**
 * The registry bundle format, version 3 (docs/bundle-format.md, docs/bundle.schema.json).
 *
 * A bundle is a zip: its manifest (written first) and one `artifacts/<sha256>` entry per distinct
 * file content, stored uncompressed. Format 3's manifest is `manifest.jsonl`, one JSON value per
 * line (a header, then each model followed by its versions and its history events), so neither a
 * writer nor a reader ever holds it as one string. Formats 1 and 2 kept it in `manifest.json`, one
 * JSON document, and are still read: format 2 gives each version a folder (`files`, by path),
 * format 1 gave it at most one file (`artifact`; `validate-records.ts` migrates it).
 *
 * `BundleManifest` is a `manifest.json`'s content, nested by model: what `validateManifest` returns
 * (`manifest.jsonl` is never nested: it is read a line at a time into parts). `ImportedManifest` is
 * what we may read: anything, until validation has proved otherwise.
 */
import type { MetricDirection, ModelVersion } from '../registry';

export const BUNDLE_FORMAT = 'model-registry-bundle';
export const BUNDLE_FORMAT_VERSION = 3;
/** The last format whose manifest is one JSON document, `manifest.json` (a bare .json file is one too). */
export const JSON_MANIFEST_FORMAT_VERSION = 2;
export const JSON_MANIFEST_NAME = 'manifest.json';
export const LINES_MANIFEST_NAME = 'manifest.jsonl';
export const ARTIFACT_PREFIX = 'artifacts/';

/**
 * Bounds that no real bundle reaches, so a hostile file is refused before it exhausts memory.
 *
 * `manifest.json` (formats 1 and 2) is read whole, so it keeps its cap. `manifest.jsonl` has no cap
 * on its total size, only on each line. A version of 10,000 files with the longest paths and media
 * types the rules allow, every character 4 bytes of UTF-8 (or 6 as a JSON escape), is under 60 MiB
 * as a line; only a version with tens of MiB of tags could pass the cap, and the writer refuses it.
 *
 * The counts are five times a registry of 2,000,000 versions (issue 18's target, with some four
 * history events a version): high enough that no real registry meets them, low enough that a file
 * of millions of tiny lines is refused with a message instead of taking the tab's memory.
 */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
export const MAX_MANIFEST_LINE_BYTES = 64 * 1024 * 1024;
export const MAX_BUNDLE_MODELS = 100_000;
/** Versions in one bundle (and so in one model). */
export const MAX_BUNDLE_VERSIONS = 10_000_000;
/** History events in one bundle (and so of one model). */
export const MAX_HISTORY_EVENTS = 50_000_000;
/** The manifest and one artifact entry per distinct content: at most one a version, as a rule. */
export const MAX_BUNDLE_ENTRIES = MAX_BUNDLE_VERSIONS + 1;

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

/** A model's own fields, as its line of `manifest.jsonl` carries them. */
export interface BundleModelFields {
	name: string;
	description: string;
	tags: Record<string, string>;
	createdAt: string;
	updatedAt: string;
	/** alias → version */
	aliases: Record<string, string>;
	/** metric → 'higher' | 'lower', where the model's choice differs from the name's default. Optional. */
	metricDirections?: Record<string, MetricDirection>;
}

export interface BundleModel extends BundleModelFields {
	versions: BundleVersion[];
	/** Oldest first. */
	history: BundleEvent[];
}

/** What every manifest says of itself: `manifest.json`'s top level, `manifest.jsonl`'s first line. */
export interface BundleHeader<Version extends number = typeof BUNDLE_FORMAT_VERSION> {
	format: typeof BUNDLE_FORMAT;
	formatVersion: Version;
	exportedAt: string;
	generator: string;
}

/** What a pass over a bundle learns of its header, whichever manifest it read (defaults filled in). */
export type ManifestHeader = Pick<BundleHeader, 'generator' | 'exportedAt'>;

export interface BundleManifest extends BundleHeader {
	models: BundleModel[];
}

/** A format-2 `manifest.json`: the header and the models, one JSON document. */
export interface JsonManifest extends BundleHeader<typeof JSON_MANIFEST_FORMAT_VERSION> {
	models: BundleModel[];
}

/**
 * The lines of `manifest.jsonl` after the header: each an object with one key that says its kind.
 * A version or event line belongs to the model line before it.
 */
export type ModelLine = { model: BundleModelFields };
export type VersionLine = { version: BundleVersion };
export type EventLine = { event: BundleEvent };
export type ManifestLine = BundleHeader | ModelLine | VersionLine | EventLine;
export const RECORD_KINDS = ['model', 'version', 'event'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** A manifest as read from a file: nothing in it can be trusted until `validateManifest` says so. */
export type ImportedManifest = unknown;
