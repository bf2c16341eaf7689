import { describe, expect, inject, it } from 'vitest';

describe('the MLflow server of this run', () => {
	it('answers with the pinned version', async () => {
		const response = await fetch(`${inject('mlflowUrl')}/version`);
		expect(await response.text()).toBe('3.17.2');
	});
});
