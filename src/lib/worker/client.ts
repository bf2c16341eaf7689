import * as Comlink from 'comlink';
import type {
	ConflictPolicy,
	ExportSelection,
	ImportResult,
	IntegrityReport,
	ModelVersion,
	RegisterInput
} from '../registry';
import type { ServerInput } from '../sync/server-input';
import type { ConnectionReport, PullPreview, PullRequest, PushResult } from '../sync/types';
import { CHANGES_CHANNEL, type ProgressListener, type RegistryApi, type RegistryChange } from './contract';
import './errors';
// Inline: the worker's code travels inside the page, so it starts from a blob: URL under file:// too.
import RegistryWorker from './registry.worker?worker&inline';

let remote: Comlink.Remote<RegistryApi> | undefined;

/** The registry running in this tab's worker, started on first use. */
export function registry(): Comlink.Remote<RegistryApi> {
	remote ??= Comlink.wrap<RegistryApi>(new RegistryWorker());
	return remote;
}

/** Long work the user can watch and stop. */
export interface Task<T> {
	result: Promise<T>;
	cancel(): void;
}

function startTask<T>(
	run: (taskId: string, onProgress: ProgressListener) => Promise<T>,
	onProgress: ProgressListener
): Task<T> {
	const taskId = crypto.randomUUID();
	return {
		result: run(taskId, Comlink.proxy(onProgress)),
		cancel: () => void registry().cancel(taskId)
	};
}

/** Registers a version; the artifact File crosses as a handle, and hashing reports progress in bytes. */
export function registerVersion(input: RegisterInput, onProgress: ProgressListener): Task<ModelVersion> {
	return startTask((taskId, progress) => registry().register(input, taskId, progress), onProgress);
}

export function loadSampleData(onProgress: ProgressListener) {
	return startTask((taskId, progress) => registry().loadSampleData(taskId, progress), onProgress);
}

export function exportBundle(
	selection: ExportSelection,
	target: FileSystemFileHandle | undefined,
	onProgress: ProgressListener
): Task<Blob | undefined> {
	return startTask(
		(taskId, progress) => registry().exportBundle(selection, target, taskId, progress),
		onProgress
	);
}

export function applyImport(
	importId: string,
	policy: ConflictPolicy,
	onProgress: ProgressListener
): Task<ImportResult> {
	return startTask(
		(taskId, progress) => registry().applyImport(importId, policy, taskId, progress),
		onProgress
	);
}

export function verifyRegistry(onProgress: ProgressListener): Task<IntegrityReport> {
	return startTask((taskId, progress) => registry().verify(taskId, progress), onProgress);
}

/** Calls `listener` after every change committed by any tab of the app, this one included. */
export function onRegistryChange(listener: (change: RegistryChange) => void): () => void {
	const channel = new BroadcastChannel(CHANGES_CHANNEL);
	channel.onmessage = (event: MessageEvent<RegistryChange>) => listener(event.data);
	return () => channel.close();
}

/** The version's files as one zip, written in the worker; progress in file bytes. */
export function zipFolder(name: string, version: string, onProgress: ProgressListener): Task<Blob> {
	return startTask((taskId, progress) => registry().zipFolder(name, version, taskId, progress), onProgress);
}

/** Asks an MLflow server what it is and what it allows; stoppable, as a slow server can take a while. */
export function testConnection(input: ServerInput): Task<ConnectionReport> {
	return startTask(
		(taskId) => registry().testConnection(input, taskId),
		() => undefined
	);
}

/** Fetches chosen models from an MLflow server and plans them; progress in versions fetched. */
export function previewPull(
	serverId: string,
	request: PullRequest,
	onProgress: ProgressListener
): Task<PullPreview> {
	return startTask(
		(taskId, progress) => registry().previewPull(serverId, request, taskId, progress),
		onProgress
	);
}

export function applyPull(pullId: string, policy: ConflictPolicy): Task<ImportResult> {
	return startTask(
		(taskId) => registry().applyPull(pullId, policy, taskId),
		() => undefined
	);
}

/** Pushes a previewed push's chosen versions; progress in bytes uploaded. */
export function pushVersions(
	pushId: string,
	only: Array<{ model: string; version: string }>,
	onProgress: ProgressListener
): Task<PushResult> {
	return startTask((taskId, progress) => registry().push(pushId, only, taskId, progress), onProgress);
}
