/** The seven standard metrics have ranges by definition; the API, bundles and the form all refuse values outside them. */
import { describe, expect, it } from 'vitest';
import { ModelRegistry, RegistryError } from '$lib';
import { importBundle, observe } from '../bundle/helpers';

const refusal = (error: unknown) => ({
	code: (error as RegistryError).code,
	message: (error as Error).message,
	details: (error as RegistryError).details
});

describe('standard metric ranges', () => {
	it.each([
		['accuracy', 1.5, 'must be between 0 and 1, not 1.5.'],
		['precision', -0.1, 'must be between 0 and 1, not -0.1.'],
		['recall', 1.0001, 'must be between 0 and 1, not 1.0001.'],
		['f1Score', 2, 'must be between 0 and 1, not 2.'],
		['aucRoc', -1, 'must be between 0 and 1, not -1.'],
		['mse', -3, 'must be 0 or more, not -3.'],
		['mae', -0.5, 'must be 0 or more, not -0.5.']
	])('refuses %s = %s, naming the field and the rule, and stores nothing', async (metric, value, rule) => {
		const registry = new ModelRegistry();
		const error = await registry
			.register({ name: 'm', version: '1.0.0', metrics: { [metric]: value } })
			.catch((e: unknown) => e);
		expect(refusal(error)).toEqual({
			code: 'INVALID_INPUT',
			message: `metrics.${metric}: ${rule}`,
			details: { field: `metrics.${metric}`, rule: 'range' }
		});
		expect(await registry.getModel('m')).toBeUndefined();
	});

	it('accepts the bounds themselves, and any finite custom metric', async () => {
		const registry = new ModelRegistry();
		const metrics = { accuracy: 1, precision: 0, mse: 0, mae: 1e9, custom: { score: -40, ratio: 7.5 } };
		await registry.register({ name: 'm', version: '1.0.0', metrics });
		expect((await registry.getVersion('m', '1.0.0'))?.metrics).toEqual(metrics);
	});

	it('refuses a bundle with accuracy 1.5, naming the field, and imports nothing', async () => {
		const registry = new ModelRegistry();
		await registry.register({ name: 'kept', version: '1.0.0', metrics: { accuracy: 0.9 } });
		const before = await observe(registry);
		const manifest = {
			format: 'model-registry-bundle',
			formatVersion: 1,
			models: [
				{ name: 'ok', versions: [{ version: '1.0.0', metrics: { accuracy: 0.8 } }] },
				{ name: 'bad', versions: [{ version: '1.0.0', metrics: { accuracy: 1.5 } }] }
			]
		};
		const error = await importBundle(registry, new Blob([JSON.stringify(manifest)])).catch((e: unknown) => e);
		expect(RegistryError.is(error, 'BUNDLE_INVALID')).toBe(true);
		expect((error as Error).message).toBe(
			'manifest.json: models[1].versions[0].metrics.accuracy: must be between 0 and 1, not 1.5.'
		);
		expect(await observe(registry)).toEqual(before);
	});
});

describe('the register form, with the same rules', () => {
	it('shows each out-of-range metric next to its field and sends nothing', async () => {
		const { emptyForm, parseRegisterForm } = await import('$lib/state/register-input');
		const { input, errors } = parseRegisterForm({
			...emptyForm('m'),
			version: '1.0.0',
			metrics: { ...emptyForm().metrics, accuracy: '1.5', mse: '-3', recall: '0.5' },
			customMetrics: [{ key: 'latency_ms', value: '-2' }]
		});
		expect(input).toBeUndefined();
		expect(errors).toEqual({
			accuracy: 'Must be between 0 and 1, not 1.5.',
			mse: 'Must be 0 or more, not -3.'
		});
	});
});
