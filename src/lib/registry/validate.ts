/**
 * Validation of everything a caller hands the registry. Each check throws an INVALID_INPUT
 * RegistryError naming the field and the rule; nothing is ever silently fixed.
 */
import { invalidInput } from './errors';
import type { JsonValue, ModelFramework, ModelMetrics, RegisterInput } from './types';
import { checkRecord } from './validate-basics';
import { checkFramework, checkModelName, checkVersion } from './validate-names';
import { checkDescription, checkMetrics, checkParameters, checkTags } from './validate-values';

export * from './validate-basics';
export * from './validate-names';
export * from './validate-values';
export * from './validate-queries';

export interface ValidRegistration {
	name: string;
	version: string;
	framework: ModelFramework;
	metrics: ModelMetrics;
	parameters: Record<string, JsonValue>;
	description: string;
	tags: Record<string, string>;
}

export function checkRegistration(input: RegisterInput): ValidRegistration {
	checkRecord('input', input);
	return {
		name: checkModelName(input.name),
		version: checkVersion(input.version),
		framework: input.framework === undefined ? 'custom' : checkFramework(input.framework),
		metrics: checkMetrics(input.metrics),
		parameters: checkParameters(input.parameters),
		description: checkDescription(input.description),
		tags: checkTags(input.tags)
	};
}

/** A patch may only carry the fields it names, each valid. */
export function checkPatch(patch: unknown): { description?: string; tags?: Record<string, string> } {
	const record = checkRecord('patch', patch);
	for (const key of Object.keys(record)) {
		if (key !== 'description' && key !== 'tags') {
			throw invalidInput(`patch.${key}`, 'unknown-field', 'only description and tags can be changed.');
		}
	}
	return {
		...(record.description !== undefined && { description: checkDescription(record.description) }),
		...(record.tags !== undefined && { tags: checkTags(record.tags) })
	};
}
