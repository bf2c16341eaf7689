/**
 * The register form's values → a RegisterInput, or an error per field. Pure, so the rules a
 * person sees next to each field are the registry's own rules, tested in Node.
 */
import {
	RegistryError,
	STANDARD_METRICS,
	type ModelFramework,
	type RegisterInput,
	type StandardMetric
} from '../registry';
import {
	checkDescription,
	checkFramework,
	checkMetrics,
	checkModelName,
	checkParameters,
	checkTags,
	checkVersion
} from '../registry/validate';
import { checkFilePaths, pathProblem } from '../registry/file-paths';
import type { ModelSummary } from '../formats';
import type { ChosenFile } from './chosen-files';
import { fieldError, rowMessage, type FieldError } from './field-error';

export interface KeyValueRow {
	key: string;
	value: string;
}

export interface RegisterFormValues {
	name: string;
	version: string;
	framework: ModelFramework;
	metrics: Record<StandardMetric, string>;
	customMetrics: KeyValueRow[];
	/** A JSON object, or one `key = value` per line. */
	parameters: string;
	tags: KeyValueRow[];
	description: string;
	/** The version's files by path: one file, several, or a folder's. */
	files: ChosenFile[];
}

export type FormField =
	| 'name'
	| 'version'
	| 'framework'
	| StandardMetric
	| 'customMetrics'
	| 'parameters'
	| 'tags'
	| 'description'
	| 'files';
export type FormErrors = Partial<Record<FormField, string>>;

export { METRIC_LABELS } from '../registry/metric-labels';

/** A framework the chosen files point to, and the file that says so ("Suggested from MLmodel: sklearn"). */
export interface FrameworkSuggestion {
	framework: ModelFramework;
	from: string;
}

/** What the files suggest; none when they point to no framework in particular ('custom'). */
export function frameworkSuggestion(summary: ModelSummary): FrameworkSuggestion | undefined {
	const { suggestedFramework: framework, suggestedBy: from } = summary;
	return framework === 'custom' || from === undefined ? undefined : { framework, from };
}

export function emptyForm(name = ''): RegisterFormValues {
	return {
		name,
		version: '',
		framework: 'custom',
		metrics: Object.fromEntries(STANDARD_METRICS.map((m) => [m, ''])) as Record<StandardMetric, string>,
		customMetrics: [],
		parameters: '',
		tags: [],
		description: '',
		files: []
	};
}

/** Which form field a registry field path is about (`metrics.custom.auc` is the custom metrics' rows). */
export function formFieldOf(path: string): FormField | undefined {
	if (path.startsWith('metrics.custom')) return 'customMetrics';
	const [head, second] = path.split(/[.[]/);
	if (head === 'metrics') return second as StandardMetric;
	const fields: FormField[] = ['name', 'version', 'framework', 'parameters', 'tags', 'description', 'files'];
	return fields.find((field) => field === head);
}

/** An error about an input as the form field it is about and the message shown there; undefined if none. */
export function formErrorOf(error: FieldError): { field: FormField; message: string } | undefined {
	const field = formFieldOf(error.field);
	if (!field) return undefined;
	const row = field === 'customMetrics' || field === 'tags' || error.field.startsWith('parameters.');
	return { field, message: row ? rowMessage(error) : error.message };
}

/** Sets an own property, even for a key like `__proto__`, so validation sees the key the person typed. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A path rule's message says what is wrong but not with which file (its index is in the field's path, which
 * the form does not show): the file's path goes in front, with what to do. Messages that name it already stay.
 */
function namingTheFile(message: string, files: readonly ChosenFile[]): string {
	const named = files.find((chosen) => message.includes(JSON.stringify(chosen.path)));
	const bad = files.find((chosen) => pathProblem(chosen.path) !== undefined);
	return named || !bad
		? message
		: `${JSON.stringify(bad.path)}: ${message} Rename the file, or leave it out.`;
}

/** Runs one of the registry's checks; what it refuses becomes its field's error (the first one stays). */
function check(errors: FormErrors, run: () => void): void {
	try {
		run();
	} catch (error) {
		const found = fieldError(error);
		const formError = found && formErrorOf(found);
		if (!formError) throw error;
		errors[formError.field] ??= formError.message;
	}
}

function parseNumber(text: string): number {
	return text.trim() === '' ? NaN : Number(text.trim());
}

/** The rows a person filled in; a row without a name, or a name given twice, is the field's error. */
function rows(list: KeyValueRow[], field: 'tags' | 'customMetrics', errors: FormErrors): KeyValueRow[] {
	const filled = list.filter((row) => row.key.trim() !== '' || row.value.trim() !== '');
	if (filled.some((row) => row.key.trim() === '')) {
		errors[field] = field === 'tags' ? 'Every tag needs a name.' : 'Every custom metric needs a name.';
	}
	const keys = filled.map((row) => row.key.trim());
	const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
	if (repeated) errors[field] ??= `"${repeated}" is used twice; each name may appear once.`;
	return filled;
}

/**
 * Tag rows as tags, checked by the registry's own rules. A nameless row or a name given twice is
 * invalid input for `tags`, as a key or value the registry refuses is for `tags.<key>`: an edit
 * shows it at its input, like any other.
 */
export function tagsOfRows(list: KeyValueRow[]): Record<string, string> {
	const errors: FormErrors = {};
	const tags: Record<string, string> = {};
	for (const row of rows(list, 'tags', errors)) setOwn(tags, row.key.trim(), row.value);
	if (errors.tags) {
		throw new RegistryError('INVALID_INPUT', `tags: ${errors.tags}`, { field: 'tags', rule: 'rows' });
	}
	return checkTags(tags);
}

/** An error about tags as the tags editor shows it: a key's error keeps the key. */
export function tagsMessage(error: FieldError): string {
	return error.field === 'tags' ? error.message : rowMessage(error);
}

/** Reads `key = value` lines; a value that is valid JSON (a number, true, a list) keeps its type. */
export function parseParameters(text: string): Record<string, unknown> {
	const trimmed = text.trim();
	if (trimmed === '') return {};
	if (trimmed.startsWith('{')) {
		try {
			return JSON.parse(trimmed);
		} catch (error) {
			throw new RegistryError('INVALID_INPUT', `parameters: not valid JSON (${(error as Error).message}).`, {
				field: 'parameters',
				rule: 'json'
			});
		}
	}
	const result: Record<string, unknown> = {};
	for (const [index, line] of trimmed.split('\n').entries()) {
		if (line.trim() === '') continue;
		const match = /^\s*([^=:]+?)\s*[=:]\s*(.*?)\s*$/.exec(line);
		if (!match) {
			throw new RegistryError(
				'INVALID_INPUT',
				`parameters: line ${index + 1} is not "name = value" (or write a JSON object).`,
				{ field: 'parameters', rule: 'format' }
			);
		}
		const [, key = '', raw = ''] = match;
		let value: unknown = raw;
		try {
			value = JSON.parse(raw);
		} catch {
			// Not JSON: the text itself is the value.
		}
		if (Object.hasOwn(result, key)) {
			throw new RegistryError('INVALID_INPUT', `parameters: "${key}" is given twice.`, {
				field: 'parameters',
				rule: 'duplicate-key'
			});
		}
		setOwn(result, key, value);
	}
	return result;
}

/** Every field checked at once, so a person sees all that is wrong in one go. */
export function parseRegisterForm(values: RegisterFormValues): { input?: RegisterInput; errors: FormErrors } {
	const errors: FormErrors = {};
	const input: RegisterInput = { name: values.name.trim(), version: values.version.trim() };
	check(errors, () => checkModelName(input.name));
	check(errors, () => checkVersion(input.version));
	check(errors, () => (input.framework = checkFramework(values.framework)));

	// Each metric on its own, so every wrong one is reported, not just the first.
	const metrics = checkMetrics({});
	for (const metric of STANDARD_METRICS) {
		const text = values.metrics[metric];
		if (text.trim() === '') continue;
		check(errors, () => (metrics[metric] = checkMetrics({ [metric]: parseNumber(text) })[metric]));
	}
	const custom: Record<string, unknown> = {};
	for (const row of rows(values.customMetrics, 'customMetrics', errors)) {
		setOwn(custom, row.key.trim(), parseNumber(row.value));
	}
	check(errors, () => (metrics.custom = checkMetrics({ custom }).custom));
	input.metrics = metrics;

	check(errors, () => (input.parameters = checkParameters(parseParameters(values.parameters))));

	const tags: Record<string, string> = {};
	for (const row of rows(values.tags, 'tags', errors)) {
		setOwn(tags, row.key.trim(), row.value);
	}
	if (!errors.tags) check(errors, () => (input.tags = checkTags(tags)));
	check(errors, () => (input.description = checkDescription(values.description)));
	if (values.files.length > 0) {
		// The paths are checked here, before any byte is read, so a bad one is named at once.
		check(errors, () => checkFilePaths(values.files.map((chosen) => chosen.path)));
		errors.files &&= namingTheFile(errors.files, values.files);
		input.files = values.files.map(({ path, file }) => ({ path, content: file }));
	}

	return Object.keys(errors).length ? { errors } : { input, errors };
}
