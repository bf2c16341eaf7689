import { parseSemver } from '../registry';
import { isModelName } from '../registry/validate';
import { ORIGIN_TAGS } from '../sync/conventions';

/** Hash-route addresses, so the same links work from file://, a web server and an installed app. */
const segment = (value: string) => encodeURIComponent(value);

export const modelsHref = () => '#/';
export const modelHref = (name: string) => `#/models/${segment(name)}`;
export const versionHref = (name: string, version: string) =>
	`#/models/${segment(name)}/versions/${segment(version)}`;
export const registerHref = (name?: string) => (name ? `#/register/${segment(name)}` : '#/register');
export const settingsHref = () => '#/settings';
export const transferHref = () => '#/transfer';
/** The MLflow page; with a model, that model is chosen to push. */
export const syncHref = (push?: string) => (push ? `#/sync?push=${segment(push)}` : '#/sync');
export const searchHref = () => '#/search';

export interface VersionRef {
	model: string;
	version: string;
}

/** A comparison's address lists its versions, so it can be bookmarked and shared. */
export const compareHref = (refs: VersionRef[]) =>
	`#/compare/${refs.map((r) => segment(`${r.model}:${r.version}`)).join('/')}`;
export const leaderboardHref = () => '#/leaderboard';

/** The versions named in a comparison address; parts that are not `model:version` are reported, not guessed. */
export function parseCompareRefs(path: string): { refs: VersionRef[]; invalid: string[] } {
	const refs: VersionRef[] = [];
	const invalid: string[] = [];
	for (const part of path.split('/').filter(Boolean)) {
		const colon = part.indexOf(':');
		const ref = { model: part.slice(0, colon), version: part.slice(colon + 1) };
		const valid = colon > 0 && isModelName(ref.model) && parseSemver(ref.version) !== undefined;
		if (!valid) invalid.push(part);
		else if (!refs.some((r) => r.model === ref.model && r.version === ref.version)) refs.push(ref);
	}
	return { refs, invalid };
}

/**
 * The MLflow UI's page of a version pulled from a server (its `mlflow.server` and `mlflow.version` tags).
 * Tags are anyone's text — a bundle's, a person's — so only an http(s) server address becomes a link.
 */
export function mlflowVersionLink(
	model: string,
	tags: Record<string, string>
): { href: string; number: string } | undefined {
	const server = tags[ORIGIN_TAGS.server];
	const number = tags[ORIGIN_TAGS.version];
	if (!server || !number || !/^\d+$/.test(number)) return undefined;
	let url: URL;
	try {
		url = new URL(server);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
	const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
	return { href: `${base}/#/models/${segment(model)}/versions/${number}`, number };
}
