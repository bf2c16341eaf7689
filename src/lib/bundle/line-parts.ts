/**
 * `manifest.jsonl`'s lines → validated `SnapshotPart`s, a line at a time. Each line's structure is
 * judged (`LineStructure`), its record checked by the validators `manifest.json` shares
 * (`validate-records.ts`) and against the zip's entries (`EntryChecks`) as it arrives, and put into the
 * current part (`PartBuilder`). A field's error names its line as it always has:
 * `manifest.jsonl line 4: version.metrics.accuracy: …`.
 *
 * What it keeps besides the part being filled: the names of the models so far (a bundle names each
 * model once) and, for the current model, its version strings and those in production (`ModelRules`):
 * strings, never records. The rules over a model's versions — one production version, aliases that
 * name its versions — are checked when the model ends, before its last part is handed on.
 */
import { inManifest, linesSource } from './errors';
import type { EntryChecks } from './entry-checks';
import { BUNDLE_FORMAT_VERSION, type BundleModelFields, type ManifestHeader } from './format';
import { LineStructure, type LineLimits } from './line-structure';
import { PartBuilder, snapshotEvent, snapshotVersion } from './parts';
import type { SnapshotPart } from '../registry';
import {
	duplicateModel,
	event,
	exportedAt,
	generator,
	modelFields,
	ModelRules,
	version
} from './validate-records';

/** The model whose lines are being read. */
interface CurrentModel {
	path: string;
	line: number;
	fields: BundleModelFields;
	rules: ModelRules;
	versions: number;
	events: number;
}

export interface LinePartsOptions {
	partSize: number;
	limits: LineLimits;
	/** The time a manifest without `exportedAt` was exported: every record's default time. */
	now: () => Date;
	/** Told the header once line 1 is checked. */
	onHeader: (header: ManifestHeader) => void;
}

export class LineParts {
	private readonly structure: LineStructure;
	private readonly parts: PartBuilder;
	private readonly names = new Set<string>();
	private header: ManifestHeader | undefined;
	private models = 0;
	private model: CurrentModel | undefined;

	constructor(
		private readonly entries: EntryChecks,
		private readonly options: LinePartsOptions
	) {
		this.structure = new LineStructure(options.limits);
		this.parts = new PartBuilder(options.partSize);
	}

	/** The next line (as `LineSplitter` numbers it); returns the part it completed, if any. */
	accept(text: string, line: number): SnapshotPart | undefined {
		const parsed = this.structure.accept(text, line);
		return this.checked(line, () => {
			if (parsed.kind === 'header') {
				const value = parsed.value;
				this.header = { exportedAt: exportedAt(value, this.options.now), generator: generator(value) };
				this.options.onHeader(this.header);
				return undefined;
			}
			if (parsed.kind === 'model') return this.startModel(parsed.value, line);
			// The structure check has made sure a model line came first, and so the header.
			const model = this.model!;
			if (parsed.kind === 'version') {
				const index = model.versions++;
				const checked = version(
					`${model.path}.versions[${index}]`,
					parsed.value,
					this.header!.exportedAt,
					BUNDLE_FORMAT_VERSION
				);
				model.rules.add(checked, index);
				const snapshot = snapshotVersion(model.fields.name, checked);
				this.entries.version(snapshot.fullName, snapshot.files);
				return this.parts.version(snapshot);
			}
			const checked = event(`${model.path}.history[${model.events++}]`, parsed.value);
			return this.parts.event(snapshotEvent(checked));
		});
	}

	/** The lines are over: returns the last model's last part, once the whole bundle is checked. */
	finish(): SnapshotPart | undefined {
		this.structure.finish();
		const last = this.endModel();
		this.entries.finish();
		return last;
	}

	/** A model line: the model before it ends (its last part is returned), and this one starts. */
	private startModel(value: unknown, line: number): SnapshotPart | undefined {
		const ended = this.endModel();
		const path = `models[${this.models++}]`;
		// From here on, an error of a model's own is this model's, and placed on its line.
		this.model = undefined;
		const fields = modelFields(path, value, this.header!.exportedAt);
		if (this.names.has(fields.name)) throw duplicateModel(path, fields.name);
		this.names.add(fields.name);
		this.model = { path, line, fields, rules: new ModelRules(path, fields.name), versions: 0, events: 0 };
		this.parts.start(fields);
		return ended;
	}

	/** The rules over the current model's versions, then its last part. */
	private endModel(): SnapshotPart | undefined {
		const model = this.model;
		if (!model) return undefined;
		this.checked(model.line, () => {
			model.rules.checkProduction();
			model.rules.checkAliases(model.fields.aliases);
		});
		return this.parts.end();
	}

	/** Runs a check, placing a field's error on `line` (a record's) or its model's line. */
	private checked<T>(line: number, check: () => T): T {
		try {
			return check();
		} catch (error) {
			throw inManifest(error, linesSource(line, this.model?.line ?? line));
		}
	}
}
