/** Hash-route addresses, so the same links work from file://, a web server and an installed app. */
const segment = (value: string) => encodeURIComponent(value);

export const modelsHref = () => '#/';
export const modelHref = (name: string) => `#/models/${segment(name)}`;
export const versionHref = (name: string, version: string) =>
	`#/models/${segment(name)}/versions/${segment(version)}`;
export const registerHref = (name?: string) => (name ? `#/register/${segment(name)}` : '#/register');
export const settingsHref = () => '#/settings';
