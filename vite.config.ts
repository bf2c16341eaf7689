import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: {
		// A classic (iife) worker is the only kind Chromium starts from a blob: URL under file://.
		format: 'iife',
		rollupOptions: {
			// @huggingface/gguf imports @huggingface/tasks, whose modules look side-effectful to the bundler, so
			// every code snippet of every task stayed in the worker (which ships as a string inside index.html).
			// None of them runs on import: dropping the unused ones cuts the model readers from 337 KB to 118 KB.
			treeshake: { moduleSideEffects: (id: string) => !id.includes('@huggingface/tasks') }
		}
	},
	test: {
		// Dexie over fake-indexeddb needs Node's own Blob: jsdom/happy-dom turn Blobs into plain objects.
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts'],
		testTimeout: 30_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					exclude: ['**/*.svelte.test.ts'],
					// A real MLflow server for the sync tests (tests/unit/sync), started once for the run.
					globalSetup: ['tests/unit/mlflow-setup.ts']
				}
			},
			{
				// Rune classes (state/*.svelte.ts) run their effects only in Svelte's client build: these tests
				// run in Node, with its Blob and fake-indexeddb, but compiled and resolved as for the browser.
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'runes',
					include: ['tests/unit/**/*.svelte.test.ts'],
					environment: './tests/unit/client-environment.ts'
				}
			}
		]
	}
});
