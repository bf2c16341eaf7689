/**
 * The shared words of the MLflow sync (docs/mlflow.md): which server,
 * how we sign in, what a connection test found, and what a pull or a push will do before it does it.
 */
import type { ImportPlan, ModelSnapshot } from '../registry';

/** Kept in this browser only (IndexedDB, a database of its own): never in bundles, exports or history. */
export type MlflowAuth =
	{ kind: 'token'; token: string } | { kind: 'basic'; username: string; password: string };

export interface MlflowServer {
	/** Ours, stable across edits of the URL. */
	id: string;
	/** Where the tracking server answers, without a trailing slash: `https://mlflow.example.com`. */
	url: string;
	auth?: MlflowAuth;
	/** Per model pulled from this server: the newest `last_updated_timestamp` (ms) seen, for the next pull. */
	pulled?: Record<string, number>;
}

/** Why a server could not be used: each has its own sentence saying what to do. */
export type RemoteFailure =
	'cors' | 'unauthorized' | 'forbidden' | 'unreachable' | 'timeout' | 'not-mlflow' | 'server';

export interface ConnectionReport {
	url: string;
	/** What `GET /version` answered, e.g. `3.17.2`. */
	version: string;
	/** Registered models on the server (one page of search, so a lower bound past 1,000). */
	models: number;
	/** Whether files go through the server's artifact proxy (`--serve-artifacts`): needed to pull or push files. */
	artifactsProxied: boolean;
}

/** One registered model as the server lists it, for the "choose what to pull" list. */
export interface RemoteModel {
	name: string;
	description: string;
	/** Versions the server holds (from `latest_versions` and search; exact). */
	versions: number;
	updatedAt: string;
}

export interface PullRequest {
	/** Model names to pull; empty pulls every registered model. */
	models: string[];
	/** Only what changed on the server since the last pull of each model (MlflowServer.pulled). */
	onlyChanged: boolean;
}

/** What a pull fetched, ready for the same preview and atomic apply as a bundle import. */
export interface PulledModels {
	snapshots: ModelSnapshot[];
	/** sha256 → bytes of every file a pulled version holds that is not stored here yet. */
	artifacts: Map<string, Blob>;
	/** What the server holds that cannot cross, one sentence each (e.g. files outside the artifact proxy). */
	notCarried: string[];
	/** The new `pulled` watermarks, saved on the server once the pull is applied. */
	pulled: Record<string, number>;
}

export interface PullPreview {
	pullId: string;
	plan: ImportPlan;
	models: number;
	versions: number;
	files: number;
	fileBytes: number;
	notCarried: string[];
}

/** One local version in a push preview. */
export interface PushItem {
	model: string;
	version: string;
	/** `pushed`: the server already holds it (found by its `model_registry.version` tag); pushing again does nothing. */
	status: 'new' | 'pushed';
	/** The server's version number, when it holds it. */
	remoteVersion?: string;
}

export interface PushPreview {
	pushId: string;
	items: PushItem[];
	/** What MLflow cannot hold of these versions, one sentence each, so nothing is lost silently. */
	notCarried: string[];
	files: number;
	fileBytes: number;
}

export interface PushResult {
	/** Versions created on the server, and those it already held. */
	created: number;
	alreadyThere: number;
}
