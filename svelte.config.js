import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

const { version: packageVersion } = JSON.parse(
	readFileSync(new URL('package.json', import.meta.url), 'utf8')
);
// SvelteKit's default version name is the build time in milliseconds (Settings showed "1796152601015").
// It must still differ between builds, for the update check: the package version and the build time
// to the second, as a person reads them.
// The config is read more than once in one build (the app and its prerendering); every read must name the
// same version, or the page and its start script disagree and nothing starts. The environment carries it.
process.env.MODEL_REGISTRY_BUILT_AT ??= new Date().toISOString().slice(0, 19).replace('T', ' ');
const builtAt = process.env.MODEL_REGISTRY_BUILT_AT;
const readableVersion = `${packageVersion} (built ${builtAt} UTC)`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// One build serves both file:// and http(s): hash routes need no server-side routing,
		// and an inline bundle has no module scripts that file:// would refuse to load.
		adapter: adapter({ pages: process.env.BUILD_DIR ?? 'build', assets: process.env.BUILD_DIR ?? 'build' }),
		router: { type: 'hash' },
		output: { bundleStrategy: 'inline' },
		serviceWorker: { register: false },
		// The Content-Security-Policy, shipped as a <meta> tag (file:// and static hosts send no headers).
		// SvelteKit adds the SHA-256 of the one inline script — the whole app, under the inline bundle —
		// to script-src, so no other inline script, event handler attribute or eval runs.
		// Why each source is there: docs/architecture.md, "Content-Security-Policy".
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['none'],
				// hash-wasm compiles its SHA-256 WebAssembly at run time; this allows that, not JavaScript eval.
				'script-src': ['wasm-unsafe-eval'],
				// The registry worker starts from a blob: URL (Vite's ?worker&inline); the service worker is a file.
				'worker-src': ['self', 'blob:'],
				// Svelte's scoped styles are inlined and it sets style attributes; a style cannot run script.
				'style-src': ['unsafe-inline'],
				// The icons, images embedded in Markdown as data: URLs, and a version's image files previewed from
				// blob: URLs the page makes; never another host (no tracking pixels).
				'img-src': ['self', 'data:', 'blob:'],
				'manifest-src': ['self'],
				// The worker fetches from the MLflow servers the person adds in Settings, which can be anywhere;
				// nothing else fetches, and nothing is sent anywhere until a person pulls or pushes.
				'connect-src': ['self', 'http:', 'https:'],
				'object-src': ['none'],
				'frame-src': ['none'],
				'base-uri': ['none'],
				// No form posts anywhere: every form is handled by script.
				'form-action': ['none']
			}
		},
		// A test builds a second version to check the update prompt under a name of its own.
		version: { name: process.env.APP_VERSION ?? readableVersion }
	}
};

export default config;
