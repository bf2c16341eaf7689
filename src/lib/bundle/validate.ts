/**
 * An untrusted `manifest.json` (formats 1 and 2, or a bare .json file), read whole → a
 * BundleManifest, or a BUNDLE_INVALID error naming the place and the rule. Each record is checked by
 * the validators `manifest.jsonl`'s lines share (`validate-records.ts`); only the nesting, the
 * envelope and the lists are this file's.
 */
import {
	bundleInvalid,
	inManifest,
	JSON_MANIFEST_SOURCE,
	madeByNewerApp,
	type ManifestSource
} from './errors';
import {
	BUNDLE_FORMAT,
	BUNDLE_FORMAT_VERSION,
	JSON_MANIFEST_FORMAT_VERSION,
	JSON_MANIFEST_NAME,
	LINES_MANIFEST_NAME,
	MAX_BUNDLE_MODELS,
	MAX_BUNDLE_VERSIONS,
	MAX_HISTORY_EVENTS,
	type BundleManifest,
	type BundleModel
} from './format';
import { checkModelName } from '../registry/validate';
import {
	aliases,
	duplicateModel,
	event,
	exportedAt,
	generator,
	list,
	MODEL_FIELDS,
	ModelRules,
	only,
	ownFields,
	record,
	version
} from './validate-records';

function model(path: string, value: unknown, defaultTime: string, formatVersion: number): BundleModel {
	const raw = record(path, value);
	only(path, raw, MODEL_FIELDS);
	const name = checkModelName(raw.name, `${path}.name`);
	const versions = list(`${path}.versions`, raw.versions, MAX_BUNDLE_VERSIONS).map((v, i) =>
		version(`${path}.versions[${i}]`, v, defaultTime, formatVersion)
	);
	const rules = new ModelRules(path, name);
	versions.forEach((v, i) => rules.add(v, i));
	rules.checkProduction();
	const checkedAliases = aliases(path, raw.aliases, name, rules);
	return {
		name,
		...ownFields(path, raw, defaultTime),
		aliases: checkedAliases,
		versions,
		history: list(`${path}.history`, raw.history ?? [], MAX_HISTORY_EVENTS).map((e, i) =>
			event(`${path}.history[${i}]`, e)
		)
	};
}

/**
 * Checks the envelope first, so a file from a newer app gets that message rather than a schema error.
 * `source` says which entry the manifest came from; a format's manifest must be in its own entry.
 */
export function validateManifest(
	raw: unknown,
	now: () => Date = () => new Date(),
	source: ManifestSource = JSON_MANIFEST_SOURCE
): BundleManifest {
	try {
		const manifest = record('manifest', raw);
		if (manifest.format !== BUNDLE_FORMAT) {
			throw bundleInvalid(
				`This is not a model registry bundle: ${source.name} has format ${JSON.stringify(manifest.format ?? null)}, not "${BUNDLE_FORMAT}".`
			);
		}
		const formatVersion = manifest.formatVersion;
		if (!Number.isSafeInteger(formatVersion) || (formatVersion as number) < 1) {
			throw bundleInvalid(`${source.name}: formatVersion must be a whole number, 1 or more.`);
		}
		if ((formatVersion as number) > BUNDLE_FORMAT_VERSION) throw madeByNewerApp(formatVersion as number);
		const inLines = (formatVersion as number) > JSON_MANIFEST_FORMAT_VERSION;
		if (inLines !== (source.name === LINES_MANIFEST_NAME)) {
			throw bundleInvalid(
				inLines
					? `${source.name} says format ${formatVersion}, whose manifest is ${LINES_MANIFEST_NAME}, one line per record; ${JSON_MANIFEST_NAME} holds formats 1 and 2.`
					: `${source.name} says format ${formatVersion}, whose manifest is ${JSON_MANIFEST_NAME}.`
			);
		}
		only('manifest', manifest, ['format', 'formatVersion', 'exportedAt', 'generator', 'models']);
		const defaultTime = exportedAt(manifest, now);
		const models = list('models', manifest.models, MAX_BUNDLE_MODELS).map((m, i) =>
			model(`models[${i}]`, m, defaultTime, formatVersion as number)
		);
		const names = new Set<string>();
		models.forEach((m, i) => {
			if (names.has(m.name)) throw duplicateModel(`models[${i}]`, m.name);
			names.add(m.name);
		});
		return {
			format: BUNDLE_FORMAT,
			formatVersion: BUNDLE_FORMAT_VERSION,
			exportedAt: defaultTime,
			generator: generator(manifest),
			models
		};
	} catch (error) {
		throw inManifest(error, source);
	}
}
