// A static web host for the built app, as the browser tests and the benchmarks open it: one folder
// served on a free loopback port, the way GitHub Pages or nginx would serve build/. Written here
// rather than taken from npm because it is a page of code with no options to learn, and the tests need two
// things a ready-made one does not offer: a folder swapped under a running server (a deployment),
// and a process that outlives nothing, started and stopped by the code that uses it.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/**
 * What a static host says each file of the build is; browsers refuse scripts and manifests sent as anything else.
 * @type {Record<string, string>}
 */
const MEDIA_TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.png': 'image/png',
	'.svg': 'image/svg+xml',
	'.ico': 'image/x-icon'
};

/**
 * An error status with a short text body, as static hosts send it: Chromium shows a bodiless 404 as
 * a failed load rather than a page of the origin.
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} text
 */
function refuse(response, status, text) {
	response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/**
 * @typedef {object} StaticHost
 * @property {string} url The root's address, ending in `/`.
 * @property {(folder: string) => void} setRoot Serves another folder from the next request on, as a deployment does.
 * @property {() => Promise<void>} close Stops the server.
 */

/**
 * Serves `root` on 127.0.0.1 at a port the system picks, so it can never meet another server. Each of
 * `mounts` (e.g. `{ '/__bench/': folder }`) is served from its own folder.
 * @param {string} root
 * @param {Record<string, string>} [mounts]
 * @returns {Promise<StaticHost>}
 */
export async function serveFolder(root, mounts = {}) {
	let folder = resolve(root);
	const server = createServer((request, response) => {
		let path;
		try {
			path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
		} catch {
			return refuse(response, 400, 'Bad address');
		}
		const [prefix, base] = Object.entries(mounts).find(([p]) => path.startsWith(p)) ?? ['/', folder];
		const rest = path.slice(prefix.length);
		const file = resolve(join(base, rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest));
		// A request may not climb out of the folder with "..".
		if (!file.startsWith(resolve(base) + sep)) return refuse(response, 403, 'Forbidden');
		void send(file, response);
	});
	await new Promise((listening) => server.listen(0, '127.0.0.1', () => listening(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}/`,
		setRoot: (next) => (folder = resolve(next)),
		close: () =>
			new Promise((closed, failed) => {
				server.close((error) => (error ? failed(error) : closed()));
				server.closeAllConnections();
			})
	};
}

/**
 * Sends one file, or 404 when it is not there. A file that goes while it is read (a folder being
 * replaced) ends that one response, never the server.
 * @param {string} file
 * @param {import('node:http').ServerResponse} response
 */
async function send(file, response) {
	const found = await stat(file).catch(() => undefined);
	if (!found?.isFile()) return refuse(response, 404, 'Not found');
	response.writeHead(200, {
		'content-type': MEDIA_TYPES[extname(file)] ?? 'application/octet-stream',
		'content-length': found.size,
		// Every load asks again, so a new deployment is seen at once, as the service worker expects.
		'cache-control': 'no-cache'
	});
	createReadStream(file)
		.on('error', () => response.destroy())
		.pipe(response);
}
