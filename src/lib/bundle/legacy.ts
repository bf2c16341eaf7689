/**
 * The reference Python registry's `to_dict()` records (a JSON list) as a bundle manifest, so its
 * users can bring their history over. Fields are mapped; the manifest's validation judges them.
 */
import { bundleInvalid } from './errors';
import { BUNDLE_FORMAT, JSON_MANIFEST_FORMAT_VERSION } from './format';

const METRIC_NAMES: Record<string, string> = {
	accuracy: 'accuracy',
	precision: 'precision',
	recall: 'recall',
	f1_score: 'f1Score',
	f1Score: 'f1Score',
	auc_roc: 'aucRoc',
	aucRoc: 'aucRoc',
	mse: 'mse',
	mae: 'mae'
};

function metrics(raw: unknown): unknown {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === null) continue;
		if (key === 'custom_metrics' || key === 'custom') result.custom = value;
		else result[METRIC_NAMES[key] ?? key] = value;
	}
	return result;
}

/** Python's `datetime.isoformat()` of a naive time has no zone; the reference registry meant UTC. */
function utc(value: unknown): unknown {
	return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)
		? `${value}Z`
		: (value ?? undefined);
}

/** Python enums may arrive as their values ("production") or names ("PRODUCTION"). */
const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

export function manifestFromRecords(records: unknown[], now: Date): unknown {
	const models = new Map<string, { name: unknown; versions: unknown[]; history: unknown[] }>();
	records.forEach((record, i) => {
		if (typeof record !== 'object' || record === null || Array.isArray(record)) {
			throw bundleInvalid(`Record ${i} of the list is not an object with version, model_name, … fields.`);
		}
		const r = record as Record<string, unknown>;
		const key = String(r.model_name);
		const model = models.get(key) ?? { name: r.model_name, versions: [], history: [] };
		models.set(key, model);
		const createdAt = utc(r.created_at);
		model.versions.push({
			version: r.version,
			stage: lower(r.stage) ?? undefined,
			framework: lower(r.framework) ?? undefined,
			metrics: metrics(r.metrics),
			parameters: r.parameters ?? undefined,
			tags: r.tags ?? undefined,
			description: r.description ?? undefined,
			createdAt,
			updatedAt: utc(r.updated_at)
		});
		// The records carry no history; their registration is the one event known to have happened.
		if (typeof createdAt === 'string') {
			model.history.push({ at: createdAt, kind: 'version.registered', version: r.version });
		}
	});
	return {
		format: BUNDLE_FORMAT,
		// A manifest.json document, as a bare .json file is.
		formatVersion: JSON_MANIFEST_FORMAT_VERSION,
		exportedAt: now.toISOString(),
		generator: 'reference registry to_dict() records',
		models: [...models.values()].map((m) => ({
			...m,
			history: m.history.sort((a, b) => ((a as { at: string }).at < (b as { at: string }).at ? -1 : 1))
		}))
	};
}
