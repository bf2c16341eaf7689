/**
 * The structure of `manifest.jsonl`, judged a line at a time: the header first and once, one record
 * kind a line, versions then events after their model, the counts. Every error names the line and
 * the rule. It keeps no record: each line comes out parsed, with its kind, for `line-parts.ts` to
 * validate its fields and put into parts; what it remembers is counts and the current model's lines.
 */
import { bundleInvalid, madeByNewerApp } from './errors';
import {
	BUNDLE_FORMAT,
	BUNDLE_FORMAT_VERSION,
	LINES_MANIFEST_NAME,
	MAX_BUNDLE_MODELS,
	MAX_BUNDLE_VERSIONS,
	MAX_HISTORY_EVENTS,
	RECORD_KINDS,
	type RecordKind
} from './format';

type Raw = Record<string, unknown>;

export interface LineLimits {
	maxModels?: number;
	maxVersions?: number;
	maxEvents?: number;
}

/** A line as the structure check hands it on: the header object, or a record's value with its kind. */
export type StructuredLine = { kind: 'header'; value: Raw } | { kind: RecordKind; value: unknown };

const HEADER_FIELDS = ['format', 'formatVersion', 'exportedAt', 'generator'];
const HEADER_EXAMPLE = `{"format": "${BUNDLE_FORMAT}", "formatVersion": ${BUNDLE_FORMAT_VERSION}, …}`;
const NAME = LINES_MANIFEST_NAME;

const isObject = (value: unknown): value is Raw =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The kind of a record line: an object with exactly one key, `model`, `version` or `event`. */
function kindOf(value: Raw): RecordKind | undefined {
	const keys = Object.keys(value);
	return keys.length === 1 && (RECORD_KINDS as readonly string[]).includes(keys[0]!)
		? (keys[0] as RecordKind)
		: undefined;
}

function describeKeys(value: Raw): string {
	const keys = Object.keys(value);
	if (keys.length === 0) return 'an empty object';
	const shown = keys.slice(0, 5).map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key));
	return `an object with the keys ${shown.join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

export class LineStructure {
	private headerSeen = false;
	private models = 0;
	private versions = 0;
	private events = 0;
	/** The line of the current model, and of its first event line if it has one. */
	private modelLine: number | undefined;
	private firstEventLine: number | undefined;
	private readonly maxModels: number;
	private readonly maxVersions: number;
	private readonly maxEvents: number;

	constructor(limits: LineLimits = {}) {
		this.maxModels = limits.maxModels ?? MAX_BUNDLE_MODELS;
		this.maxVersions = limits.maxVersions ?? MAX_BUNDLE_VERSIONS;
		this.maxEvents = limits.maxEvents ?? MAX_HISTORY_EVENTS;
	}

	/** Judges the next line (as `LineSplitter` numbers it) and hands it on parsed. */
	accept(text: string, line: number): StructuredLine {
		// Blank: nothing but spaces and tabs (and the "\r" a CRLF line end leaves when it ends the data).
		if (/^[ \t\r]*$/.test(text)) {
			throw this.notARecord(
				line,
				'blank; every line holds one JSON object (only a newline at the end of the last line may follow it)',
				'blank-line'
			);
		}
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			throw this.notARecord(line, `not valid JSON: ${(error as Error).message}`, 'json');
		}
		if (!isObject(value)) throw this.notARecord(line, `${describe(value)}, not a JSON object`, 'object');
		if (line === 1) return { kind: 'header', value: this.acceptHeader(value) };
		if ('format' in value) {
			throw this.fail(line, 'a header line; the header is line 1, and only line 1', 'one-header');
		}
		const kind = kindOf(value);
		if (kind === undefined) {
			throw this.fail(
				line,
				`a line must be {"model": …}, {"version": …} or {"event": …}, not ${describeKeys(value)}`,
				'line-kind'
			);
		}
		if (kind === 'model') this.acceptModel(value.model, line);
		else if (kind === 'version') this.acceptVersion(line);
		else this.acceptEvent(line);
		return { kind, value: value[kind] };
	}

	/** The lines are over: a manifest without them (not even a header) is refused. */
	finish(): void {
		if (!this.headerSeen) {
			throw bundleInvalid(`${NAME} is empty; its line 1 must be the header, ${HEADER_EXAMPLE}.`, {
				rule: 'header'
			});
		}
	}

	/** A line that breaks a rule of the structure: `manifest.jsonl line 3: <the rule>.` */
	private fail(line: number, rule: string, ruleName: string) {
		return bundleInvalid(`${NAME} line ${line}: ${rule}.`, { line, rule: ruleName });
	}

	/** A line that is no record at all: `manifest.jsonl line 3 is <what it is>.` */
	private notARecord(line: number, what: string, ruleName: string) {
		return bundleInvalid(`${NAME} line ${line} is ${what}.`, { line, rule: ruleName });
	}

	private acceptHeader(value: Raw): Raw {
		if (!('format' in value)) {
			const kind = kindOf(value);
			throw this.fail(
				1,
				`the first line must be the header, ${HEADER_EXAMPLE}, not ${kind ? `${kind === 'event' ? 'an' : 'a'} ${kind} line` : describeKeys(value)}`,
				'header'
			);
		}
		if (value.format !== BUNDLE_FORMAT) {
			throw bundleInvalid(
				`This is not a model registry bundle: ${NAME} line 1 has format ${JSON.stringify(value.format ?? null)}, not "${BUNDLE_FORMAT}".`,
				{ line: 1, rule: 'format' }
			);
		}
		const version = value.formatVersion;
		if (!Number.isSafeInteger(version) || (version as number) < 1) {
			throw this.fail(1, 'formatVersion must be a whole number, 1 or more', 'format-version');
		}
		if ((version as number) > BUNDLE_FORMAT_VERSION) throw madeByNewerApp(version as number);
		if ((version as number) < BUNDLE_FORMAT_VERSION) {
			throw this.fail(
				1,
				`formatVersion is ${version}, but formats 1 and 2 keep their manifest in manifest.json, one JSON document; ${NAME} holds format ${BUNDLE_FORMAT_VERSION}`,
				'format-version'
			);
		}
		for (const key of Object.keys(value)) {
			if (!HEADER_FIELDS.includes(key)) {
				throw this.fail(
					1,
					`${key} is not a field of the header (allowed: ${HEADER_FIELDS.join(', ')}); models, versions and events are lines of their own`,
					'unknown-field'
				);
			}
		}
		this.headerSeen = true;
		return value;
	}

	private acceptModel(value: unknown, line: number): void {
		if (!isObject(value)) throw this.fail(line, `model must be an object, not ${describe(value)}`, 'object');
		for (const key of ['versions', 'history']) {
			if (key in value) {
				throw this.fail(
					line,
					`model.${key} is not a field of a model line; a model's ${key === 'versions' ? 'versions are the version' : 'history is the event'} lines after it`,
					'unknown-field'
				);
			}
		}
		if (this.models >= this.maxModels) {
			throw this.fail(
				line,
				`the bundle holds more than ${this.maxModels.toLocaleString('en')} models; no real bundle has that many`,
				'max-models'
			);
		}
		this.models++;
		this.modelLine = line;
		this.firstEventLine = undefined;
	}

	private acceptVersion(line: number): void {
		if (this.modelLine === undefined)
			throw this.fail(line, 'a version line must follow a model line', 'version-after-model');
		if (this.firstEventLine !== undefined) {
			throw this.fail(
				line,
				`a version line must come before its model's event lines (the model on line ${this.modelLine} has one on line ${this.firstEventLine})`,
				'versions-before-events'
			);
		}
		if (++this.versions > this.maxVersions) {
			throw this.fail(
				line,
				`the bundle holds more than ${this.maxVersions.toLocaleString('en')} versions; no real bundle has that many`,
				'max-versions'
			);
		}
	}

	private acceptEvent(line: number): void {
		if (this.modelLine === undefined)
			throw this.fail(line, 'an event line must follow a model line', 'event-after-model');
		if (++this.events > this.maxEvents) {
			throw this.fail(
				line,
				`the bundle holds more than ${this.maxEvents.toLocaleString('en')} history events; no real bundle has that many`,
				'max-events'
			);
		}
		this.firstEventLine ??= line;
	}
}
