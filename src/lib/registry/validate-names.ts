/** Checks of the names that identify things: models, versions, stages, frameworks and aliases. */
import { invalidInput } from './errors';
import { parseSemver, suggestSemver, MAX_VERSION_LENGTH } from './semver';
import { MODEL_FRAMEWORKS, MODEL_STAGES, type ModelFramework, type ModelStage } from './types';
import { FORBIDDEN_KEYS } from './validate-basics';

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const isModelName = (name: string) => MODEL_NAME.test(name);
const ALIAS_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function checkModelName(name: unknown, field = 'name'): string {
	if (typeof name !== 'string' || name === '') {
		throw invalidInput(field, 'required', 'a model name is required.');
	}
	if (!MODEL_NAME.test(name)) {
		throw invalidInput(
			field,
			'pattern',
			`"${name.slice(0, 140)}" is not a valid model name: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.`
		);
	}
	return name;
}

export function checkVersion(version: unknown, field = 'version'): string {
	if (typeof version !== 'string' || version === '') {
		throw invalidInput(field, 'required', 'a version is required (SemVer, e.g. 1.0.0).');
	}
	if (!parseSemver(version)) {
		const suggestion = suggestSemver(version);
		const tooLong = version.length > MAX_VERSION_LENGTH ? ` (at most ${MAX_VERSION_LENGTH} characters)` : '';
		throw invalidInput(
			field,
			'semver',
			`"${version.slice(0, 140)}" is not a valid SemVer 2.0.0 version${tooLong}` +
				(suggestion ? `; did you mean "${suggestion}"?` : '; use MAJOR.MINOR.PATCH, e.g. 1.0.0.'),
			suggestion ? { suggestion } : {}
		);
	}
	return version;
}

export function checkStage(stage: unknown, field = 'stage'): ModelStage {
	if (!MODEL_STAGES.includes(stage as ModelStage)) {
		throw invalidInput(field, 'enum', `must be one of ${MODEL_STAGES.join(', ')}.`);
	}
	return stage as ModelStage;
}

export function checkFramework(framework: unknown, field = 'framework'): ModelFramework {
	if (!MODEL_FRAMEWORKS.includes(framework as ModelFramework)) {
		throw invalidInput(field, 'enum', `must be one of ${MODEL_FRAMEWORKS.join(', ')}.`);
	}
	return framework as ModelFramework;
}

export function checkAlias(alias: unknown, field = 'alias'): string {
	if (typeof alias !== 'string' || !ALIAS_NAME.test(alias)) {
		throw invalidInput(
			field,
			'pattern',
			'an alias is 1 to 64 letters, digits, "_" or "-", starting with a letter (e.g. champion).'
		);
	}
	if (FORBIDDEN_KEYS.has(alias)) throw invalidInput(field, 'forbidden-key', `"${alias}" is not allowed.`);
	if (alias === 'latest') {
		throw invalidInput(field, 'reserved', '"latest" always means the highest version; choose another alias.');
	}
	return alias;
}
