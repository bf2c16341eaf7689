import { describe, expect, it } from 'vitest';
import { IntegrityCheck } from '$lib/state/integrity-check.svelte';
import { useRegistryInProcess } from './in-process';

describe('the integrity check', () => {
	it('checks everything stored and reports what it found', async () => {
		const api = useRegistryInProcess();
		await api.register({ name: 'churn', version: '1.0.0', artifact: new Uint8Array([1, 2, 3]) });
		const integrity = new IntegrityCheck();

		const checking = integrity.check();
		expect(integrity.task?.running).toBe(true);
		await checking;
		expect(integrity.task).toBeUndefined();
		expect(integrity.report).toMatchObject({
			checked: { models: 1, versions: 1, artifacts: 1 },
			problems: []
		});
		expect(integrity.repairable).toEqual([]);

		await integrity.repair();
		expect(integrity.repaired).toEqual([]);
		expect(integrity.report?.problems).toEqual([]);
	});
});
