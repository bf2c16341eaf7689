import { describe, expect, it } from 'vitest';
import { RegistryError } from '$lib';
import { fieldError } from '$lib/state/field-error';
import { emptyForm, formErrorOf, parseParameters, parseRegisterForm } from '$lib/state/register-input';

function form(patch: Partial<ReturnType<typeof emptyForm>> = {}) {
	return { ...emptyForm('churn'), version: '1.0.0', ...patch };
}

describe('the register form', () => {
	it('turns valid fields into a registration', () => {
		const { input, errors } = parseRegisterForm(
			form({
				framework: 'onnx',
				metrics: { ...emptyForm().metrics, accuracy: '0.9', mse: ' 1e-3 ' },
				customMetrics: [
					{ key: 'auc', value: '0.97' },
					{ key: '', value: '' }
				],
				parameters: 'lr = 0.01\nlayers: [64, 32]\nname = resnet',
				tags: [{ key: 'team', value: 'growth' }],
				description: '# Churn'
			})
		);
		expect(errors).toEqual({});
		expect(input).toEqual({
			name: 'churn',
			version: '1.0.0',
			framework: 'onnx',
			metrics: { accuracy: 0.9, mse: 0.001, custom: { auc: 0.97 } },
			parameters: { lr: 0.01, layers: [64, 32], name: 'resnet' },
			tags: { team: 'growth' },
			description: '# Churn'
		});
	});

	it('reports every invalid field at once, each in words', () => {
		const { input, errors } = parseRegisterForm(
			form({
				name: 'bad name',
				version: '1.0',
				metrics: { ...emptyForm().metrics, accuracy: 'high', recall: 'Infinity' },
				customMetrics: [{ key: '', value: '1' }],
				parameters: '{"a": 1,}',
				tags: [
					{ key: 'team', value: 'a' },
					{ key: 'team', value: 'b' }
				]
			})
		);
		expect(input).toBeUndefined();
		expect(errors.name).toMatch(/^"bad name" is not a valid model name/);
		expect(errors.version).toContain('did you mean "1.0.0"?');
		expect(errors.accuracy).toBe('Must be a finite number, not NaN.');
		expect(errors.recall).toBe('Must be a finite number, not Infinity.');
		expect(errors.customMetrics).toBe('Every custom metric needs a name.');
		expect(errors.parameters).toMatch(/^Not valid JSON/);
		expect(errors.tags).toBe('"team" is used twice; each name may appear once.');
	});

	it('refuses __proto__ as a key instead of letting it change an object', () => {
		const { errors } = parseRegisterForm(
			form({ tags: [{ key: '__proto__', value: 'x' }], parameters: '__proto__ = {"polluted": true}' })
		);
		expect(errors.tags).toBe('tags.__proto__: "__proto__" is not allowed as a key.');
		expect(errors.parameters).toBe('parameters.__proto__: "__proto__" is not allowed as a key.');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('sends the chosen files by their paths, and refuses a path the registry would, at the files field', () => {
		const chosen = (path: string) => ({ path, file: new File(['x'], path.split('/').pop()!) });
		const { input } = parseRegisterForm(form({ files: [chosen('model/model.pkl'), chosen('MLmodel')] }));
		expect(input?.files?.map((f) => f.path)).toEqual(['model/model.pkl', 'MLmodel']);
		expect(input?.files?.[0]?.content).toBeInstanceOf(File);
		expect(input?.artifact).toBeUndefined();

		const twice = parseRegisterForm(form({ files: [chosen('a.bin'), chosen('a.bin')] }));
		expect(twice.input).toBeUndefined();
		expect(twice.errors).toEqual({ files: '"a.bin" is also the path of file 1.' });
		expect(parseRegisterForm(form()).input?.files).toBeUndefined();
		// A rule's message alone would not say which of many files breaks it.
		const bad = parseRegisterForm(form({ files: [chosen('ok.bin'), chosen('weights/../x.bin')] }));
		expect(bad.errors.files).toBe(
			'"weights/../x.bin": Must not contain "." or ".." as a folder name. Rename the file, or leave it out.'
		);
	});

	it('reads parameters as JSON or as name = value lines', () => {
		expect(parseParameters('')).toEqual({});
		expect(parseParameters('{"a": {"b": [1, 2]}}')).toEqual({ a: { b: [1, 2] } });
		expect(parseParameters('flag = true\ntext = hello world\nn: 3')).toEqual({
			flag: true,
			text: 'hello world',
			n: 3
		});
		expect(() => parseParameters('just words')).toThrow('line 1 is not "name = value"');
		expect(() => parseParameters('a = 1\na = 2')).toThrow('"a" is given twice');
	});

	it('knows which field a registry error is about, and keeps the key of a row', () => {
		const at = (field: string) =>
			formErrorOf(fieldError(new RegistryError('INVALID_INPUT', `${field}: bad`, { field }))!);
		expect(at('metrics.custom.auc')).toEqual({ field: 'customMetrics', message: 'metrics.custom.auc: Bad' });
		expect(at('metrics.aucRoc')).toEqual({ field: 'aucRoc', message: 'Bad' });
		expect(at('parameters.a[2]')).toEqual({ field: 'parameters', message: 'parameters.a[2]: Bad' });
		expect(at('tags.team')).toEqual({ field: 'tags', message: 'tags.team: Bad' });
		expect(at('name')).toEqual({ field: 'name', message: 'Bad' });
		expect(at('stage')).toBeUndefined();
		const taken = new RegistryError('DUPLICATE_VERSION', 'Version 1.0.0 of churn already exists.');
		expect(formErrorOf(fieldError(taken)!)).toEqual({ field: 'version', message: taken.message });
	});
});
