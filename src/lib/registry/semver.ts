/**
 * SemVer 2.0.0 parsing and an order-preserving string key, so IndexedDB can page versions in
 * precedence order through an index instead of loading and sorting every version.
 */

// The regular expression published with the SemVer 2.0.0 specification.
const SEMVER =
	/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Keeps every numeric part's length within the key's three-digit length prefix. */
export const MAX_VERSION_LENGTH = 128;

export interface SemVer {
	major: string;
	minor: string;
	patch: string;
	prerelease: string[];
	build: string[];
}

export function parseSemver(version: string): SemVer | undefined {
	if (version.length > MAX_VERSION_LENGTH) return undefined;
	const match = SEMVER.exec(version);
	if (!match) return undefined;
	const [, major = '', minor = '', patch = '', pre, build] = match;
	return {
		major,
		minor,
		patch,
		prerelease: pre ? pre.split('.') : [],
		build: build ? build.split('.') : []
	};
}

/** For a near miss (`1.0`, `v1.0.0`, `1`), the valid version the user probably meant. */
export function suggestSemver(version: string): string | undefined {
	const match = /^[vV=]?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(version.trim());
	if (!match) return undefined;
	const [, major = '0', minor = '0', patch = '0', rest = ''] = match;
	const candidate = [major, minor, patch].map((n) => String(Number(n))).join('.') + rest;
	return candidate !== version && parseSemver(candidate) ? candidate : undefined;
}

// Separators below every identifier character, so a shorter identifier list sorts first
// ("alpha" < "alpha.1") and a release (RELEASE) sorts after all of its pre-releases (PRERELEASE).
const BUILD = '\u0000';
const PRERELEASE = '\u0001';
const RELEASE = '\u0002';

function numberKey(digits: string): string {
	// No leading zeros in SemVer, so a longer number is a larger one.
	return digits.length.toString().padStart(3, '0') + digits;
}

function prereleaseKey(identifier: string): string {
	// Numeric identifiers have lower precedence than alphanumeric ones.
	return /^\d+$/.test(identifier) ? '0' + numberKey(identifier) : '1' + identifier;
}

/**
 * A string whose code-unit order is SemVer precedence order. Build metadata does not affect
 * precedence; it is appended last only so that distinct version strings get distinct keys.
 */
export function semverKey(version: string): string {
	const parsed = parseSemver(version);
	if (!parsed) throw new Error(`not a SemVer version: ${version}`);
	const core = [parsed.major, parsed.minor, parsed.patch].map(numberKey).join('.');
	const pre = parsed.prerelease.length
		? PRERELEASE + parsed.prerelease.map(prereleaseKey).join(PRERELEASE)
		: RELEASE;
	const build = parsed.build.length ? BUILD + parsed.build.join('.') : '';
	return core + pre + build;
}

/** Negative, zero or positive as `a` has lower, equal or higher precedence than `b` (build metadata breaks ties). */
export function compareSemver(a: string, b: string): number {
	const ka = semverKey(a);
	const kb = semverKey(b);
	return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The versions a user most likely registers next: patch, minor and major bumps of the latest release. */
export function nextVersions(latest: string | undefined): { patch: string; minor: string; major: string } {
	const parsed = latest === undefined ? undefined : parseSemver(latest);
	if (!parsed) return { patch: '0.0.1', minor: '0.1.0', major: '1.0.0' };
	const [major, minor, patch] = [parsed.major, parsed.minor, parsed.patch].map(BigInt) as [
		bigint,
		bigint,
		bigint
	];
	// A pre-release's next release is its own version without the suffix (1.2.0-rc.1 → 1.2.0).
	const release = parsed.prerelease.length > 0;
	return {
		patch: release ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1n}`,
		minor: release && patch === 0n ? `${major}.${minor}.0` : `${major}.${minor + 1n}.0`,
		major: release && minor === 0n && patch === 0n ? `${major}.0.0` : `${major + 1n}.0.0`
	};
}
