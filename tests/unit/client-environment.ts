/**
 * Node as it is (its own Blob, which Dexie over fake-indexeddb needs; jsdom's is a plain object), but
 * with modules transformed by Vite's client environment: Svelte compiles rune classes for the
 * browser, where `$effect` runs. The `runes` project in vite.config.ts uses it for `*.svelte.test.ts`.
 */
import type { Environment } from 'vitest/environments';

export default {
	name: 'node-client',
	viteEnvironment: 'client',
	setup: () => ({ teardown: () => undefined })
} satisfies Environment;
