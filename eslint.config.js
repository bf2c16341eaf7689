import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Imports a layer may not make, so dependencies only point down (docs/architecture.md, "Layers"). */
const forbid = (patterns, message) => ({
	'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }]
});

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'bench/.out/',
			'bench/.profile/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-empty': ['error', { allowEmptyCatch: false }],
			// resolve() omits the "#" that hash routing needs (sveltejs/kit#14785); links come from $lib/ui/links.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['src/lib/registry/**'],
		rules: forbid(
			[
				'dexie',
				'comlink',
				'svelte',
				'svelte/*',
				'chart.js',
				'chart.js/*',
				'$app/*',
				'$lib',
				'$lib/*',
				'../*'
			],
			'The core (src/lib/registry) is pure TypeScript: no DOM libraries, storage, worker or UI code.'
		)
	},
	{
		files: ['src/lib/store/**'],
		rules: forbid(
			[
				'comlink',
				'svelte',
				'svelte/*',
				'chart.js',
				'chart.js/*',
				'$app/*',
				'../worker/*',
				'../ui/*',
				'../state/*',
				'../bundle/*'
			],
			'The store adapter depends only on the core and Dexie.'
		)
	},
	{
		files: ['src/lib/bundle/**'],
		rules: forbid(
			[
				'dexie',
				'comlink',
				'svelte',
				'svelte/*',
				'chart.js',
				'chart.js/*',
				'$app/*',
				'../store',
				'../store/*',
				'../worker/*',
				'../ui/*',
				'../state/*'
			],
			'Bundles depend only on the core and zip.js: they read and write files, never the database directly.'
		)
	},
	{
		files: ['src/lib/ui/**', 'src/lib/state/**', 'src/routes/**'],
		rules: forbid(
			[
				'dexie',
				'$lib/store',
				'$lib/store/*',
				'**/store/*',
				'$lib/registry/registry',
				'$lib/registry/memory-store'
			],
			'The UI reaches the registry only through the worker client ($lib/worker/client).'
		)
	}
);
