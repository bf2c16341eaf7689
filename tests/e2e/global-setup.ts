import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMlflow } from '../../scripts/mlflow-server.mjs';
import { serveFolder } from '../../scripts/static-host.mjs';

/**
 * Serves the build the suite tests, as a static host would, on a port of its own. The tests read a
 * copy of build/ taken now, so a build started while they run (`npm start`, another terminal)
 * cannot change the app under them; and since the server is started here on a port the system
 * picks, no test can ever reach a server the suite did not start. Workers inherit the addresses
 * through the environment (read by playwright.config.ts and fixtures.ts).
 *
 * It also starts a real MLflow server for the sync tests, allowing the app's two origins: the one
 * served here, and `null`, a page opened from disk.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
	const build = resolve('build');
	if (!existsSync(join(build, 'index.html'))) {
		throw new Error('The browser tests need the built app in build/: run `npm run build` first.');
	}
	const snapshot = await mkdtemp(join(tmpdir(), 'model-registry-e2e-'));
	await cp(build, snapshot, { recursive: true });
	const host = await serveFolder(snapshot);
	process.env.E2E_BASE_URL = host.url;
	process.env.E2E_BUILD_DIR = snapshot;
	const mlflow = await startMlflow({ origins: [new URL(host.url).origin, 'null'] });
	process.env.E2E_MLFLOW_URL = mlflow.url;
	return async () => {
		await mlflow.stop();
		await host.close();
		await rm(snapshot, { recursive: true, force: true });
	};
}
