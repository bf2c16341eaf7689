import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, ModelRegistry } from '$lib';
import { describeEvent } from '$lib/ui/history';
import { anEvent } from '../builders';

const event = anEvent;

describe('the history in words', () => {
	it('has words for every kind of event, never the raw kind', () => {
		for (const kind of EVENT_KINDS) {
			const text = describeEvent(event({ kind }));
			expect(text).toMatch(/^[A-Z]/);
			expect(text).not.toContain(kind);
		}
	});

	it('says what a recorded history holds', async () => {
		const registry = new ModelRegistry();
		await registry.register({ name: 'churn', version: '1.0.0' });
		await registry.register({ name: 'churn', version: '2.0.0' });
		await registry.transitionStage('churn', '1.0.0', 'production');
		await registry.transitionStage('churn', '2.0.0', 'production');
		await registry.setAlias('churn', 'champion', '2.0.0');
		await registry.updateModel('churn', { description: 'Churn', tags: { team: 'growth' } });
		await registry.removeAlias('churn', 'champion');
		await registry.deleteVersion('churn', '1.0.0');

		expect((await registry.history('churn')).map(describeEvent)).toEqual([
			'Registered',
			'Registered',
			'Stage: development → production',
			'Stage: production → archived (replaced by 2.0.0)',
			'Stage: development → production',
			'Alias champion set to 2.0.0',
			'Edited description and tags',
			'Alias champion removed (was 2.0.0)',
			'Version deleted'
		]);
	});

	it('says where an import came from and what it brought, and names another tool’s kind', () => {
		const imported = event({
			kind: 'model.imported',
			after: { source: 'backup.zip', added: ['1.0.0', '1.1.0'], replaced: [] }
		});
		expect(describeEvent(imported)).toBe('Imported from a bundle (backup.zip): 2 versions added, 0 replaced');
		const large = event({
			kind: 'model.imported',
			after: { added: ['1.0.0'], addedCount: 250_000, replaced: [], replacedCount: 3 }
		});
		expect(describeEvent(large)).toBe('Imported from a bundle: 250000 versions added, 3 replaced');
		expect(describeEvent(event({ kind: 'external', externalKind: 'trainer.finished' }))).toBe(
			'Recorded by another tool: trainer.finished'
		);
	});
});
