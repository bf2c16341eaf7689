import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// A classic (iife) worker is the only kind Chromium starts from a blob: URL under file://.
	worker: { format: 'iife' },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		// Dexie over fake-indexeddb needs Node's own Blob: jsdom/happy-dom turn Blobs into plain objects.
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts'],
		testTimeout: 30_000
	}
});
