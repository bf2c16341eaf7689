import { defineConfig } from '@playwright/test';

// Debian's Chromium (scripts/ensure-chromium.sh finds or installs it); Playwright never downloads one here.
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	// Serves a copy of build/ on a free port for this run alone, and sets E2E_BASE_URL for the workers.
	globalSetup: './tests/e2e/global-setup.ts',
	use: {
		baseURL: process.env.E2E_BASE_URL,
		trace: 'off',
		launchOptions: {
			executablePath,
			// As root Chromium needs --no-sandbox; the others stop it calling out to a network that is not there.
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	// Every flow runs twice: served over http, and opened from disk with no server at all.
	// Tests that are about one way of opening the app (service worker, a persistent profile) run once,
	// and so do the storage stress tests (crashes, four tabs at once), which do not depend on it.
	projects: [{ name: 'http' }, { name: 'file', testIgnore: '**/*.once.test.ts' }]
});
