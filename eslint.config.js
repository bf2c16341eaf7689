import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Imports a layer may not make, so dependencies only point down (docs/architecture.md, "Layers"):
 * each argument is [patterns, why]. One block per folder: a later block's rule replaces an earlier one's.
 */
const forbid = (...groups) => ({
	'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }]
});

/** The page side never touches storage or the core's own machinery: the registry runs in the worker. */
const storage = [
	[
		'dexie',
		'$lib/store',
		'$lib/store/*',
		'**/store/*',
		'$lib/registry/registry',
		'$lib/registry/memory-store'
	],
	'The page reaches the registry only through state (src/lib/state), which calls the worker.'
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'bench/.out/',
			'bench/.profile/',
			// The git-ignored Python venvs (the fixture script's, and the tests' with MLflow): their packages
			// ship JavaScript of their own.
			'tests/fixtures/models/.venv/',
			'.venv/'
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
		rules: forbid([
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
		])
	},
	{
		files: ['src/lib/formats/**'],
		rules: forbid([
			[
				'dexie',
				'comlink',
				'svelte',
				'svelte/*',
				'chart.js',
				'chart.js/*',
				'$app/*',
				'$lib',
				'$lib/store',
				'$lib/store/*',
				'$lib/bundle',
				'$lib/bundle/*',
				'$lib/worker',
				'$lib/worker/*',
				'$lib/state',
				'$lib/state/*',
				'$lib/ui',
				'$lib/ui/*',
				'../store',
				'../store/*',
				'../bundle',
				'../bundle/*',
				'../worker',
				'../worker/*',
				'../state',
				'../state/*',
				'../ui',
				'../ui/*',
				'../index'
			],
			'Model file readers (src/lib/formats) are pure: they use the registry types and their format libraries only.'
		])
	},
	{
		files: ['src/lib/store/**'],
		rules: forbid([
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
		])
	},
	{
		files: ['src/lib/bundle/**'],
		rules: forbid([
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
		])
	},
	{
		files: ['src/lib/sync/**'],
		rules: forbid([
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
				'../state/*',
				'../bundle/*'
			],
			'The MLflow sync speaks REST and maps to the core: it never touches the database, the worker or the page.'
		])
	},
	{
		files: ['src/lib/worker/**'],
		rules: forbid([
			[
				'svelte',
				'svelte/*',
				'chart.js',
				'chart.js/*',
				'$app/*',
				'$lib/ui',
				'$lib/ui/*',
				'**/ui/*',
				'$lib/state',
				'$lib/state/*',
				'**/state/*'
			],
			'The worker runs the registry (core, store, bundles): it knows nothing of the page, its state or its UI.'
		])
	},
	{
		files: ['src/lib/state/**'],
		rules: forbid(storage, [
			['$lib/ui', '$lib/ui/*', '**/ui/*'],
			'State is below the UI: components read state and call its methods, never the other way round.'
		])
	},
	{
		files: ['src/lib/ui/**', 'src/routes/**'],
		rules: forbid(storage, [
			['$lib/worker', '$lib/worker/*', '**/worker/*'],
			'Components reach the registry through state (src/lib/state): it owns every call to the worker.'
		])
	}
);
