import { RegistryError, type ErrorDetails } from '../registry';
import { BUNDLE_FORMAT_VERSION, LINES_MANIFEST_NAME } from './format';

const MIB = 1024 * 1024;

/** Every way a bundle can be wrong is one error code, with a message that names what and where. */
export function bundleInvalid(message: string, details: ErrorDetails = {}): RegistryError {
	return new RegistryError('BUNDLE_INVALID', message, details);
}

/** A bundle of a format this app does not know yet: the one message, whichever manifest said so. */
export function madeByNewerApp(formatVersion: number): RegistryError {
	return bundleInvalid(
		`This bundle was made by a newer version of the app (format ${formatVersion}); this app reads formats up to ${BUNDLE_FORMAT_VERSION}. Update the app to import it.`,
		{ formatVersion }
	);
}

/** A size as the errors say it: MiB to one decimal from 1 MiB on (300 MiB, 64.5 MiB), bytes below. */
export function inWords(bytes: number): string {
	if (bytes < MIB) return `${bytes.toLocaleString('en')} bytes`;
	return `${(bytes / MIB).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/**
 * Where a manifest was read from, so that an error in one of its fields says where the field is:
 * `manifest.json: models[0].versions[1].stage`, or `manifest.jsonl line 3: version.stage`.
 */
export interface ManifestSource {
	/** The entry the manifest came from (a bare .json file counts as `manifest.json`). */
	name: string;
	/** A field's path in the nested manifest, as a place in the entry, and its line if it has lines. */
	place(field: string): { where: string; line?: number };
}

export const JSON_MANIFEST_SOURCE: ManifestSource = {
	name: 'manifest.json',
	place: (field) => ({ where: `manifest.json: ${field}` })
};

/**
 * `manifest.jsonl`, read a line at a time: a field of the nested manifest (`models[2].versions[5].stage`)
 * as a place in its lines. A record's field is on `recordLine`, the line being read when the field was
 * checked; a model's own field, and a rule over its versions or events, is on `modelLine`, its model's.
 */
export function linesSource(recordLine: number, modelLine: number): ManifestSource {
	const name = LINES_MANIFEST_NAME;
	return {
		name,
		place(field) {
			const inRecord = /^models\[\d+\]\.(versions|history)\[\d+\](.*)$/.exec(field);
			if (inRecord) {
				const kind = inRecord[1] === 'versions' ? 'version' : 'event';
				return { where: `${name} line ${recordLine}: ${kind}${inRecord[2]}`, line: recordLine };
			}
			const list = /^models\[\d+\]\.(versions|history)$/.exec(field);
			if (list) {
				const kind = list[1] === 'versions' ? 'version' : 'event';
				return { where: `${name}, the ${kind} lines of the model on line ${modelLine}`, line: modelLine };
			}
			const ofModel = /^models\[\d+\](.*)$/.exec(field);
			if (ofModel) return { where: `${name} line ${modelLine}: model${ofModel[1]}`, line: modelLine };
			return { where: `${name} line 1: ${field}`, line: 1 };
		}
	};
}

/** Re-labels a validation failure inside the manifest as a bundle error that says where it is. */
export function inManifest(error: unknown, source: ManifestSource = JSON_MANIFEST_SOURCE): unknown {
	if (!(error instanceof RegistryError) || error.code !== 'INVALID_INPUT') return error;
	const field = error.details.field;
	if (typeof field !== 'string' || !error.message.startsWith(`${field}: `)) {
		return bundleInvalid(`${source.name}: ${error.message}`, error.details);
	}
	const { where, line } = source.place(field);
	return bundleInvalid(`${where}: ${error.message.slice(field.length + 2)}`, {
		...error.details,
		...(line !== undefined && { line })
	});
}
