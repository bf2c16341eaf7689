import { defineConfig } from '@playwright/test';

// Debian's Chromium (scripts/ensure-chromium.sh finds or installs it); Playwright never downloads one here.
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// E2E_PORT lets a second checkout run its suite beside this one.
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: `http://127.0.0.1:${PORT}/`,
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
	// Tests that are about one way of opening the app (service worker, a persistent profile) run once.
	projects: [{ name: 'http' }, { name: 'file', testIgnore: '**/*.once.test.ts' }],
	webServer: {
		command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
		url: `http://127.0.0.1:${PORT}/`,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000
	}
});
