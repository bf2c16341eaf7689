import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSemver, type ModelVersion } from '$lib';
import { VersionIndex } from '$lib/registry/version-index';
import { FUZZ_SEED } from '../seed';

const version = (modelName: string, v: string, description = ''): ModelVersion => ({
	modelName,
	version: v,
	fullName: `${modelName}:${v}`,
	stage: 'development',
	framework: 'sklearn',
	metrics: { custom: {} },
	parameters: {},
	tags: {},
	description,
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:00.000Z'
});

/** The order the store's search index yields: model name, then SemVer precedence. */
const searchOrder = (a: ModelVersion, b: ModelVersion) =>
	a.modelName < b.modelName ? -1 : a.modelName > b.modelName ? 1 : compareSemver(a.version, b.version);

const everything = (index: VersionIndex) => index.search({}, { offset: 0, limit: Infinity }).items;

describe('VersionIndex', () => {
	it('keeps search order and one entry per version through any sequence of puts and removes', () => {
		const models = fc.constantFrom('a', 'a-b', 'b', 'ab');
		const versions = fc.constantFrom('1.0.0', '1.10.0', '1.2.0', '1.0.0-rc.1', '2.0.0', '0.0.1');
		const op = fc.record({ put: fc.boolean(), model: models, version: versions, note: fc.string() });
		fc.assert(
			fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
				const index = new VersionIndex([]);
				const expected = new Map<string, ModelVersion>();
				for (const { put, model, version: v, note } of ops) {
					if (put) {
						index.put(version(model, v, note));
						expected.set(`${model}:${v}`, version(model, v, note));
					} else {
						index.remove(model, v);
						expected.delete(`${model}:${v}`);
					}
				}
				expect(everything(index)).toEqual([...expected.values()].sort(searchOrder));
				expect(index.size).toBe(expected.size);
			}),
			{ seed: FUZZ_SEED, numRuns: 300 }
		);
	});

	it('replaces a version in place rather than adding a second copy', () => {
		const index = new VersionIndex([version('m', '1.0.0', 'old'), version('m', '2.0.0')]);
		index.put(version('m', '1.0.0', 'new'));
		expect(everything(index).map((v) => v.description)).toEqual(['new', '']);
	});

	it('searches with the same filters and paging as the registry', () => {
		const index = new VersionIndex([version('m', '1.0.0', 'baseline'), version('m', '2.0.0', 'tuned')]);
		expect(index.search({ text: 'TUNED' }, { offset: 0, limit: 10 })).toEqual({
			items: [version('m', '2.0.0', 'tuned')],
			total: 1
		});
		expect(index.search({}, { offset: 1, limit: 1 }).items.map((v) => v.version)).toEqual(['2.0.0']);
	});
});
