import type { TestProject } from 'vitest/node';
import { startMlflow } from '../../scripts/mlflow-server.mjs';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A real MLflow server of this run's own: `inject('mlflowUrl')`. */
		mlflowUrl: string;
	}
}

/** Starts the real MLflow server the sync tests talk to, and stops it after the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const mlflow = await startMlflow();
	project.provide('mlflowUrl', mlflow.url);
	return mlflow.stop;
}
