import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// One build serves both file:// and http(s): hash routes need no server-side routing,
		// and an inline bundle has no module scripts that file:// would refuse to load.
		adapter: adapter({ fallback: undefined }),
		router: { type: 'hash' },
		output: { bundleStrategy: 'inline' },
		serviceWorker: { register: false }
	}
};

export default config;
