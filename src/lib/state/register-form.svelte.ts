import { nextVersions, type ModelFramework, type ModelVersion } from '../registry';
import { isModelName } from '../registry/validate';
import { attempt } from './attempt';
import { totalSize, type ChosenFile } from './chosen-files';
import { Query } from './query.svelte';
import { client, registry } from './registry';
import {
	emptyForm,
	formErrorOf,
	frameworkSuggestion,
	parseRegisterForm,
	type FrameworkSuggestion,
	type FormErrors,
	type FormField,
	type RegisterFormValues
} from './register-input';
import { Task } from './task.svelte';

export type SubmitOutcome =
	| { registered: ModelVersion }
	/** The form's own check found errors: nothing reached the registry. */
	| { invalid: true }
	/** The registry refused it: the reason is at its field, or a notice. */
	| { failed: true };

/** The register page: the form's values and errors, the models it may add to, the registration. */
export class RegisterFormState {
	readonly values: RegisterFormValues;
	#errors = $state<FormErrors>({});
	#upload = $state.raw<Task<ModelVersion>>();
	#frameworkChosen = false;
	/** What the chosen files say the framework is, and the file that says it (`inspectFiles`). */
	#suggestion = $state.raw<FrameworkSuggestion>();
	#suggestionFailed = $state(false);
	/** Counts the files' inspections, so an answer about files since replaced is dropped. */
	#inspections = 0;
	readonly #start: RegisterFormValues;
	#registered = $state(false);
	/** Every model's name, for the name field's suggestions. */
	readonly names = new Query(() => registry().listModels({ limit: 1000 }));
	/** The model the name field names, if there is one: the version gets added to it. */
	readonly existing = new Query(() => {
		const name = this.values.name.trim();
		return isModelName(name) ? registry().getModel(name) : Promise.resolve(undefined);
	});
	readonly suggestions = $derived(nextVersions(this.existing.value?.latestVersion));

	/** Create during component initialisation (its queries are effects). */
	constructor(model = '') {
		this.values = $state(emptyForm(model));
		this.#start = emptyForm(model);
		// A new version of a model is most likely made with the same framework: it starts as the model's,
		// until the person picks one. What the version's own files say comes first: they are this version.
		$effect(() => {
			const framework = this.#suggestion?.framework ?? this.existing.value?.framework;
			if (!this.#frameworkChosen) this.values.framework = framework ?? 'custom';
		});
	}

	chooseFramework(framework: ModelFramework) {
		this.values.framework = framework;
		this.#frameworkChosen = true;
	}

	/**
	 * Whether leaving would lose something the person typed or chose (the framework the form chose
	 * itself does not count). Once registered, nothing is lost.
	 */
	get dirty(): boolean {
		if (this.#registered) return false;
		const [now, start] = [this.values, this.#start];
		const filled = (rows: { key: string; value: string }[]) =>
			rows.some((row) => row.key.trim() !== '' || row.value.trim() !== '');
		return (
			now.name.trim() !== start.name.trim() ||
			now.version.trim() !== '' ||
			this.#frameworkChosen ||
			Object.values(now.metrics).some((text) => text.trim() !== '') ||
			filled(now.customMetrics) ||
			now.parameters.trim() !== '' ||
			filled(now.tags) ||
			now.description.trim() !== '' ||
			now.files.length > 0
		);
	}

	get errors(): FormErrors {
		return this.#errors;
	}

	/** The registration under way: hashing the files and storing them, which a person may cancel. */
	get upload(): Task<ModelVersion> | undefined {
		return this.#upload;
	}

	/** A field a person edits is no longer wrong as far as the form knows: its error goes until the next check. */
	edited(field: FormField) {
		if (this.#errors[field]) this.#errors[field] = undefined;
	}

	/** The version's files: what was picked or dropped, replacing what was there; none clears them. */
	chooseFiles(files: ChosenFile[]) {
		this.values.files = files;
		this.#errors.files = undefined;
		void this.#inspect(files);
	}

	/** The framework the chosen files point to; it is the form's choice until the person makes their own. */
	get suggestion(): FrameworkSuggestion | undefined {
		return this.#suggestion;
	}

	/** Whether the chosen files could not be read for a suggestion (the registration checks them again). */
	get suggestionFailed(): boolean {
		return this.#suggestionFailed;
	}

	/** Reads what the files are (a few headers, in the worker) to suggest their framework. */
	async #inspect(files: ChosenFile[]): Promise<void> {
		const inspection = ++this.#inspections;
		this.#suggestion = undefined;
		this.#suggestionFailed = false;
		if (files.length === 0) return;
		const input = files.map(({ path, file }) => ({ path, content: file }));
		// Only a suggestion: when the files cannot be inspected (a path the registry refuses, which the form
		// names at its field on submit) the form goes on without one.
		const summary = await registry()
			.inspectFiles(input)
			.catch(() => undefined);
		if (inspection !== this.#inspections) return;
		if (summary) this.#suggestion = frameworkSuggestion(summary);
		else this.#suggestionFailed = true;
	}

	/** Checks every field, then registers; a field the registry refuses gets its message. */
	async submit(): Promise<SubmitOutcome> {
		if (this.#upload) return { failed: true };
		const { input, errors } = parseRegisterForm(this.values);
		this.#errors = errors;
		if (!input) return { invalid: true };
		let registered: ModelVersion | undefined;
		await attempt(
			async () => {
				const task = new Task(
					(progress) => client().registerVersion(input, progress),
					totalSize(this.values.files)
				);
				this.#upload = task;
				registered = await task.settled;
				return registered;
			},
			{
				success: (version) => `Registered ${version.fullName}.`,
				onField: (error) => {
					const found = formErrorOf(error);
					if (found) this.#errors = { [found.field]: found.message };
					return !!found;
				}
			}
		);
		this.#upload = undefined;
		if (registered) this.#registered = true;
		return registered ? { registered } : { failed: true };
	}
}
