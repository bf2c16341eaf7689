import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

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
		// Tests build two versions to check the update prompt; a release keeps the default (build time).
		version: process.env.APP_VERSION ? { name: process.env.APP_VERSION } : undefined
	}
};

export default config;
