import { describe, expect, it } from 'vitest';
import { RegistryError } from '$lib';
import { client } from '$lib/state/registry';
import { Task } from '$lib/state/task.svelte';
import { useRegistryInProcess } from './in-process';

const ARTIFACT_BYTES = 3 * 1024 * 1024;
const artifact = () => new File([new Uint8Array(ARTIFACT_BYTES).fill(7)], 'model.bin');

describe('a task', () => {
	it('reports its progress and ends with its result', async () => {
		useRegistryInProcess();
		const reports: Array<[number, number]> = [];
		const task = new Task((onProgress) => {
			const progress = (done: number, total: number) => {
				reports.push([done, total]);
				onProgress(done, total);
			};
			return client().registerVersion({ name: 'churn', version: '1.0.0', artifact: artifact() }, progress);
		}, ARTIFACT_BYTES);
		expect([task.running, task.done, task.total]).toEqual([true, 0, ARTIFACT_BYTES]);

		const version = await task.settled;
		expect(version.fullName).toBe('churn:1.0.0');
		expect(task.result).toBe(version);
		expect(task.running).toBe(false);
		expect(task.error).toBeUndefined();
		expect(reports.length).toBeGreaterThan(1);
		expect([task.done, task.total]).toEqual([ARTIFACT_BYTES, ARTIFACT_BYTES]);
	});

	it('names the file under way while a folder is hashed', async () => {
		useRegistryInProcess();
		const files = ['a.bin', 'weights/b.bin'].map((path) => ({ path, content: artifact() }));
		const seen: Array<string | undefined> = [];
		const task: Task<unknown> = new Task((onProgress) =>
			client().registerVersion({ name: 'churn', version: '1.0.0', files }, (done, total, file) => {
				onProgress(done, total, file);
				seen.push(task.file && `${task.file.path} (${task.file.index + 1} of ${task.file.count})`);
			})
		);
		await task.settled;
		expect([...new Set(seen)]).toEqual(['a.bin (1 of 2)', 'weights/b.bin (2 of 2)']);
		expect([task.done, task.total]).toEqual([2 * ARTIFACT_BYTES, 2 * ARTIFACT_BYTES]);
	});

	it('stops when cancelled: CANCELLED, and nothing is stored', async () => {
		const api = useRegistryInProcess();
		const task = new Task((onProgress) =>
			client().registerVersion({ name: 'churn', version: '1.0.0', artifact: artifact() }, onProgress)
		);
		task.cancel();

		await expect(task.settled).rejects.toSatisfy((error) => RegistryError.is(error, 'CANCELLED'));
		expect(RegistryError.is(task.error, 'CANCELLED')).toBe(true);
		expect(task.running).toBe(false);
		expect(task.result).toBeUndefined();
		expect(await api.getModel('churn')).toBeUndefined();
	});

	it('ends with the error the registry gave', async () => {
		useRegistryInProcess();
		const task = new Task((onProgress) =>
			client().registerVersion({ name: 'churn', version: '1.0' }, onProgress)
		);

		await expect(task.settled).rejects.toThrow('did you mean "1.0.0"?');
		expect(RegistryError.is(task.error, 'INVALID_INPUT')).toBe(true);
		expect(task.running).toBe(false);
		task.cancel(); // after the end: nothing to stop, and no error
	});
});
