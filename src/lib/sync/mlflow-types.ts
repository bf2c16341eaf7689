/**
 * The JSON shapes MLflow's REST API answers with, as far as the sync reads them, and small guards that
 * check an answer before anything trusts it: a proxy, an old server or a different product answering at
 * the same address must become a sentence naming the endpoint and field, never a crash deep in a mapping.
 */
import { RegistryError } from '../registry/errors';

export interface MlflowTag {
	key: string;
	value: string;
}

export interface MlflowModelVersion {
	name: string;
	version: string;
	creation_timestamp: number;
	last_updated_timestamp: number;
	current_stage: string;
	description: string;
	source: string;
	run_id: string;
	status: string;
	tags: MlflowTag[];
	aliases: string[];
}

export interface MlflowRegisteredModel {
	name: string;
	creation_timestamp: number;
	last_updated_timestamp: number;
	description: string;
	latest_versions: MlflowModelVersion[];
	tags: MlflowTag[];
	aliases: Array<{ alias: string; version: string }>;
}

export interface MlflowMetric {
	key: string;
	value: number;
	timestamp: number;
	step: number;
}

export interface MlflowRun {
	info: { run_id: string; experiment_id: string; artifact_uri: string };
	data: { metrics: MlflowMetric[]; params: MlflowTag[]; tags: MlflowTag[] };
}

export interface MlflowArtifactEntry {
	path: string;
	is_dir: boolean;
	file_size?: number;
}

/** An answer whose shape is not what MLflow sends: named by endpoint and field so a person can report it. */
export function malformed(endpoint: string, field: string, expected: string): RegistryError {
	return new RegistryError(
		'REMOTE',
		`The server's answer to ${endpoint} is not what MLflow sends: ${field} should be ${expected}. ` +
			'Check that the URL is an MLflow tracking server (not a proxy page or another service).',
		{ reason: 'not-mlflow', endpoint, field }
	);
}

/** Reads a JSON answer field by field, each failure naming where it was. */
export class Shape {
	constructor(
		readonly endpoint: string,
		readonly field: string,
		readonly value: unknown
	) {}

	at(key: string): Shape {
		const record = this.object();
		return new Shape(this.endpoint, this.field ? `${this.field}.${key}` : key, record[key]);
	}

	object(): Record<string, unknown> {
		if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value))
			throw malformed(this.endpoint, this.field || 'the answer', 'an object');
		return this.value as Record<string, unknown>;
	}

	string(): string {
		if (typeof this.value !== 'string') throw malformed(this.endpoint, this.field, 'a string');
		return this.value;
	}

	/** MLflow omits empty strings from its JSON (protobuf defaults), so absent reads as ''. */
	optionalString(): string {
		return this.value === undefined ? '' : this.string();
	}

	/** int64 fields may come as JSON strings (protobuf's JSON mapping), so both are accepted. */
	number(): number {
		const number =
			typeof this.value === 'string' && this.value.trim() !== '' ? Number(this.value) : this.value;
		if (typeof number !== 'number' || Number.isNaN(number))
			throw malformed(this.endpoint, this.field, 'a number');
		return number;
	}

	optionalNumber(): number | undefined {
		return this.value === undefined ? undefined : this.number();
	}

	/** Metric values: MLflow writes NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
	metricValue(): number {
		if (this.value === 'NaN') return NaN;
		if (this.value === 'Infinity') return Infinity;
		if (this.value === '-Infinity') return -Infinity;
		return this.number();
	}

	boolean(): boolean {
		if (typeof this.value !== 'boolean') throw malformed(this.endpoint, this.field, 'true or false');
		return this.value;
	}

	/** Repeated fields: MLflow leaves an empty list out altogether. */
	list<T>(each: (item: Shape) => T): T[] {
		if (this.value === undefined) return [];
		if (!Array.isArray(this.value)) throw malformed(this.endpoint, this.field, 'a list');
		return this.value.map((item, i) => each(new Shape(this.endpoint, `${this.field}[${i}]`, item)));
	}
}

export const readTag = (shape: Shape): MlflowTag => ({
	key: shape.at('key').string(),
	value: shape.at('value').optionalString()
});

export function readModelVersion(shape: Shape): MlflowModelVersion {
	return {
		name: shape.at('name').string(),
		version: String(shape.at('version').number()),
		creation_timestamp: shape.at('creation_timestamp').number(),
		last_updated_timestamp:
			shape.at('last_updated_timestamp').optionalNumber() ?? shape.at('creation_timestamp').number(),
		current_stage: shape.at('current_stage').optionalString() || 'None',
		description: shape.at('description').optionalString(),
		source: shape.at('source').optionalString(),
		run_id: shape.at('run_id').optionalString(),
		status: shape.at('status').optionalString(),
		tags: shape.at('tags').list(readTag),
		aliases: shape.at('aliases').list((alias) => alias.string())
	};
}

export function readRegisteredModel(shape: Shape): MlflowRegisteredModel {
	return {
		name: shape.at('name').string(),
		creation_timestamp: shape.at('creation_timestamp').number(),
		last_updated_timestamp:
			shape.at('last_updated_timestamp').optionalNumber() ?? shape.at('creation_timestamp').number(),
		description: shape.at('description').optionalString(),
		latest_versions: shape.at('latest_versions').list(readModelVersion),
		tags: shape.at('tags').list(readTag),
		aliases: shape.at('aliases').list((alias) => ({
			alias: alias.at('alias').string(),
			version: String(alias.at('version').number())
		}))
	};
}

export function readRun(shape: Shape): MlflowRun {
	const info = shape.at('info');
	const data = shape.at('data');
	return {
		info: {
			run_id: info.at('run_id').string(),
			experiment_id: info.at('experiment_id').string(),
			artifact_uri: info.at('artifact_uri').optionalString()
		},
		data: {
			metrics: data.at('metrics').list((metric) => ({
				key: metric.at('key').string(),
				value: metric.at('value').metricValue(),
				timestamp: metric.at('timestamp').optionalNumber() ?? 0,
				step: metric.at('step').optionalNumber() ?? 0
			})),
			params: data.at('params').list(readTag),
			tags: data.at('tags').list(readTag)
		}
	};
}

export function readArtifactEntry(shape: Shape): MlflowArtifactEntry {
	return {
		path: shape.at('path').string(),
		is_dir: shape.at('is_dir').value === undefined ? false : shape.at('is_dir').boolean(),
		file_size: shape.at('file_size').optionalNumber()
	};
}

/** One page of a search: its rows under `key`, and the token of the next page ('' when last). */
export function readPage<T>(
	endpoint: string,
	answer: unknown,
	key: string,
	each: (item: Shape) => T
): { items: T[]; nextPageToken: string } {
	const shape = new Shape(endpoint, '', answer);
	return {
		items: shape.at(key).list(each),
		nextPageToken: shape.at('next_page_token').optionalString()
	};
}
