import type { MlflowAuth, ConnectionReport, MlflowServer } from '../sync/types';
import { attempt } from './attempt';
import { describeError } from './describe-error';
import { fieldError, type FieldError } from './field-error';
import { client, registry } from './registry';
import { Task } from './task.svelte';

export type SignIn = 'none' | 'token' | 'basic';

/**
 * Settings → MLflow servers: the servers this browser knows, and the form that adds or edits one.
 * "Test connection" asks the server what it is before anything is kept; a refusal is shown in the
 * form, in words that say what to do.
 */
export class MlflowServers {
	#servers = $state.raw<MlflowServer[]>([]);
	/** The server the form edits; undefined while it adds one. */
	#editing = $state<string>();
	url = $state('');
	signIn = $state<SignIn>('none');
	token = $state('');
	username = $state('');
	password = $state('');
	#testing = $state.raw<Task<ConnectionReport>>();
	#report = $state.raw<ConnectionReport>();
	#problem = $state<string>();
	#fieldProblem = $state.raw<FieldError>();

	constructor() {
		void this.refresh();
	}

	get servers(): MlflowServer[] {
		return this.#servers;
	}

	get editing(): string | undefined {
		return this.#editing;
	}

	get testing(): Task<ConnectionReport> | undefined {
		return this.#testing;
	}

	/** What the last test found. */
	get report(): ConnectionReport | undefined {
		return this.#report;
	}

	/** Why the last test or save failed, when it is not about one field. */
	get problem(): string | undefined {
		return this.#problem;
	}

	/** The message for one input of the form (`url`, `token`, `username`, `password`). */
	problemAt(field: string): string | undefined {
		return this.#fieldProblem?.field === field ? this.#fieldProblem.message : undefined;
	}

	async refresh(): Promise<void> {
		await attempt(async () => {
			this.#servers = await registry().listServers();
		});
	}

	/** Fills the form with a saved server, to change it. */
	edit(server: MlflowServer): void {
		this.#editing = server.id;
		this.url = server.url;
		this.signIn = server.auth?.kind ?? 'none';
		this.token = server.auth?.kind === 'token' ? server.auth.token : '';
		this.username = server.auth?.kind === 'basic' ? server.auth.username : '';
		this.password = server.auth?.kind === 'basic' ? server.auth.password : '';
		this.#clearOutcome();
	}

	/** Empties the form, to add another server. */
	reset(): void {
		this.#editing = undefined;
		this.url = this.token = this.username = this.password = '';
		this.signIn = 'none';
		this.#clearOutcome();
	}

	async test(): Promise<void> {
		if (this.#testing) return;
		this.#clearOutcome();
		const task = new Task(() => client().testConnection(this.#input()));
		this.#testing = task;
		try {
			this.#report = await task.settled;
		} catch (error) {
			this.#show(error);
		} finally {
			this.#testing = undefined;
		}
	}

	/** Keeps the server; resolves to whether it was kept. */
	async save(): Promise<boolean> {
		this.#fieldProblem = undefined;
		this.#problem = undefined;
		try {
			const saved = await registry().saveServer(this.#input(), this.#editing);
			this.#editing = saved.id;
			await this.refresh();
			return true;
		} catch (error) {
			this.#show(error);
			return false;
		}
	}

	async remove(id: string): Promise<void> {
		await attempt(() => registry().removeServer(id), {
			success: 'The server was removed from this browser.'
		});
		if (this.#editing === id) this.reset();
		await this.refresh();
	}

	#input(): { url: string; auth?: MlflowAuth } {
		const auth: MlflowAuth | undefined =
			this.signIn === 'token'
				? { kind: 'token', token: this.token }
				: this.signIn === 'basic'
					? { kind: 'basic', username: this.username, password: this.password }
					: undefined;
		return { url: this.url, ...(auth && { auth }) };
	}

	#show(error: unknown): void {
		const field = fieldError(error);
		if (field) this.#fieldProblem = field;
		else this.#problem = describeError(error);
	}

	#clearOutcome(): void {
		this.#report = undefined;
		this.#problem = undefined;
		this.#fieldProblem = undefined;
	}
}
