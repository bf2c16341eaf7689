import { describe, expect, it } from 'vitest';
import { compareSemver, nextVersions, parseSemver, semverKey, suggestSemver } from '$lib/registry/semver';

describe('SemVer', () => {
	it('accepts SemVer 2.0.0 and refuses near misses', () => {
		for (const good of [
			'0.0.0',
			'1.0.0',
			'1.10.0-rc.1',
			'1.0.0-alpha+001',
			'1.0.0+20130313144700',
			'10.20.30-x-y-z.--'
		]) {
			expect(parseSemver(good), good).toBeDefined();
		}
		for (const bad of ['1.0', 'v1.0.0', '1', '01.0.0', '1.0.0-01', '1.0.0+', '1.0.0 ', '', '1.0.0-a..b']) {
			expect(parseSemver(bad), bad).toBeUndefined();
		}
	});

	it('orders by precedence: the examples of the specification', () => {
		const ordered = [
			'1.0.0-alpha',
			'1.0.0-alpha.1',
			'1.0.0-alpha.beta',
			'1.0.0-beta',
			'1.0.0-beta.2',
			'1.0.0-beta.11',
			'1.0.0-rc.1',
			'1.0.0',
			'1.9.0-rc.1',
			'1.9.0',
			'1.10.0',
			'2.0.0',
			'10.0.0',
			'100.0.0'
		];
		const shuffled = [...ordered].reverse();
		expect([...shuffled].sort(compareSemver)).toEqual(ordered);
		const byKey = [...shuffled].sort((a, b) => (semverKey(a) < semverKey(b) ? -1 : 1));
		expect(byKey).toEqual(ordered);
	});

	it('keeps an identifier that is a prefix of another before it, hyphens included', () => {
		expect(compareSemver('1.0.0-alpha', '1.0.0-alpha-b')).toBeLessThan(0);
		expect(compareSemver('1.0.0-alpha.1', '1.0.0-alpha-b')).toBeLessThan(0);
		expect(compareSemver('1.0.0-9', '1.0.0-10')).toBeLessThan(0);
		expect(compareSemver('1.0.0-999', '1.0.0-a')).toBeLessThan(0);
	});

	it('gives distinct keys to versions that differ only in build metadata', () => {
		expect(semverKey('1.0.0+a')).not.toEqual(semverKey('1.0.0+b'));
		expect(compareSemver('1.0.0', '1.0.0+a')).toBeLessThan(0);
		expect(compareSemver('1.0.0+a', '1.0.1')).toBeLessThan(0);
	});

	it('suggests the version a user probably meant', () => {
		expect(suggestSemver('1.0')).toBe('1.0.0');
		expect(suggestSemver('v1.0.0')).toBe('1.0.0');
		expect(suggestSemver('2')).toBe('2.0.0');
		expect(suggestSemver('v1.2-rc.1')).toBe('1.2.0-rc.1');
		expect(suggestSemver('banana')).toBeUndefined();
	});
});

describe('nextVersions', () => {
	it('suggests the next patch, minor and major release', () => {
		expect(nextVersions('1.2.3')).toEqual({ patch: '1.2.4', minor: '1.3.0', major: '2.0.0' });
		expect(nextVersions(undefined)).toEqual({ patch: '0.0.1', minor: '0.1.0', major: '1.0.0' });
		expect(nextVersions('2.0.0-rc.1')).toEqual({ patch: '2.0.0', minor: '2.0.0', major: '2.0.0' });
		expect(nextVersions('1.4.0-beta')).toEqual({ patch: '1.4.0', minor: '1.4.0', major: '2.0.0' });
		expect(nextVersions('9007199254740993.0.0').major).toBe('9007199254740994.0.0');
	});
});
