/**
 * Sample data for a newcomer: a few realistic models with many versions, metrics that move across
 * versions, tags, small artifacts, and a production history. Deterministic, so every run makes the
 * same registry. Registered through the registry itself, so the history is real.
 */
import {
	RegistryError,
	type ModelFramework,
	type ModelRegistry,
	type PreparedRegistration,
	type RegisterInput,
	type WriteOptions
} from '../registry';
import { seededRandom } from '../random';
import type { SampleDataResult } from './contract';

interface SampleModel {
	name: string;
	framework: ModelFramework;
	description: string;
	tags: Record<string, string>;
	versions: number;
	filename: string;
	metrics(progress: number, noise: () => number): RegisterInput['metrics'];
	parameters(i: number): Record<string, unknown>;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
const clamp01 = (value: number) => Math.min(0.9999, Math.max(0, value));

export const SAMPLE_MODELS: SampleModel[] = [
	{
		name: 'churn-classifier',
		framework: 'sklearn',
		description:
			'Predicts which **subscribers** will cancel in the next 30 days.\n\n- Gradient-boosted trees\n- Retrained weekly',
		tags: { team: 'growth', owner: 'ana', task: 'classification' },
		versions: 24,
		filename: 'model.pkl',
		metrics: (p, noise) => {
			const accuracy = clamp01(0.78 + 0.13 * p + noise() * 0.01);
			return {
				accuracy: round(accuracy),
				precision: round(clamp01(accuracy - 0.04 + noise() * 0.01)),
				recall: round(clamp01(accuracy - 0.07 + noise() * 0.02)),
				f1Score: round(clamp01(accuracy - 0.05 + noise() * 0.01)),
				aucRoc: round(clamp01(accuracy + 0.04 + noise() * 0.005))
			};
		},
		parameters: (i) => ({
			n_estimators: 100 + 20 * i,
			max_depth: 4 + (i % 5),
			learning_rate: 0.1 / (1 + i / 10)
		})
	},
	{
		name: 'fraud-detector',
		framework: 'pytorch',
		description: 'Scores card transactions for fraud in real time. Threshold tuned for 0.1% false positives.',
		tags: { team: 'risk', owner: 'bo', task: 'anomaly-detection', gpu: 'a100' },
		versions: 60,
		filename: 'model.pt',
		metrics: (p, noise) => ({
			aucRoc: round(clamp01(0.86 + 0.11 * p + noise() * 0.008)),
			recall: round(clamp01(0.7 + 0.2 * p + noise() * 0.02)),
			custom: {
				loss: round(0.42 - 0.3 * p + noise() * 0.01),
				val_loss: round(0.47 - 0.28 * p + noise() * 0.015)
			}
		}),
		parameters: (i) => ({ layers: [256, 128, 64], dropout: 0.2 + (i % 3) * 0.05, lr: 0.001, epochs: 10 + i })
	},
	{
		name: 'demand-forecast',
		framework: 'tensorflow',
		description: 'Daily demand per store and product, 14 days ahead.',
		tags: { team: 'supply', owner: 'chen', task: 'regression' },
		versions: 36,
		filename: 'saved_model.zip',
		metrics: (p, noise) => ({
			mse: round(42 - 25 * p + noise() * 2),
			mae: round(5.1 - 2.2 * p + noise() * 0.2),
			custom: { mape: round(0.18 - 0.07 * p + noise() * 0.005) }
		}),
		parameters: (i) => ({ window: 28 + (i % 4) * 7, horizon: 14, units: 64 * (1 + (i % 3)) })
	},
	{
		name: 'image-tagger',
		framework: 'onnx',
		description: 'Tags product photos with one of 1,000 categories. Exported to ONNX for the edge.',
		tags: { team: 'catalog', owner: 'dee', task: 'vision' },
		versions: 18,
		filename: 'model.onnx',
		metrics: (p, noise) => ({
			accuracy: round(clamp01(0.71 + 0.12 * p + noise() * 0.01)),
			custom: { top5_accuracy: round(clamp01(0.89 + 0.07 * p + noise() * 0.005)) }
		}),
		parameters: (i) => ({ backbone: i < 9 ? 'resnet50' : 'efficientnet-b3', image_size: i < 9 ? 224 : 300 })
	},
	{
		name: 'search-reranker',
		framework: 'custom',
		description: 'Re-ranks the top 100 search results with a cross-encoder.',
		tags: { team: 'search', owner: 'eli', task: 'ranking' },
		versions: 12,
		filename: 'reranker.bin',
		metrics: (p, noise) => ({
			custom: { ndcg_at_10: round(clamp01(0.41 + 0.09 * p + noise() * 0.01)), latency_ms: round(38 - 12 * p) }
		}),
		parameters: (i) => ({ max_length: 256 + 32 * (i % 3), temperature: 1 })
	}
];

/** Version i of n: minor releases with the odd patch, and release candidates before some minors. */
function versionName(i: number): string {
	const minor = Math.floor(i / 3);
	const step = i % 3;
	return step === 0 ? `1.${minor}.0-rc.1` : step === 1 ? `1.${minor}.0` : `1.${minor}.1`;
}

function artifactFor(model: SampleModel, i: number, random: () => number): File {
	const bytes = new Uint8Array(256 + Math.floor(random() * 1792));
	for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(random() * 256);
	return new File([bytes], model.filename, { type: 'application/octet-stream', lastModified: i });
}

const cancelled = () => new RegistryError('CANCELLED', 'Loading the sample data was cancelled.');

/** Every sample version, checked and its artifact hashed: the slow part, done before the transaction. */
async function prepareAll(registry: ModelRegistry, options: WriteOptions, report: () => void) {
	const prepared: PreparedRegistration[][] = [];
	for (const [index, model] of SAMPLE_MODELS.entries()) {
		const random = seededRandom(index + 1);
		const noise = () => random() - 0.5;
		const versions: PreparedRegistration[] = [];
		for (let i = 0; i < model.versions; i++) {
			if (options.signal?.aborted) throw cancelled();
			const version = versionName(i);
			const progress = i / Math.max(1, model.versions - 1);
			versions.push(
				await registry.prepareRegistration({
					name: model.name,
					version,
					framework: model.framework,
					metrics: model.metrics(progress, noise),
					parameters: model.parameters(i),
					tags: {
						...model.tags,
						run: `run-${1000 + i}`,
						dataset: `2026-${String(1 + (i % 12)).padStart(2, '0')}`
					},
					description: `Release ${version} of ${model.name}. Trained on the ${i % 2 ? 'full' : 'sampled'} dataset.`,
					artifact: artifactFor(model, i, random)
				})
			);
			report();
		}
		prepared.push(versions);
	}
	return prepared;
}

/**
 * Registers the sample models that are not in the registry yet; models already there are left
 * alone. Promotes a version to production every few releases, so each model has a production
 * history, and sets `champion`/`challenger` aliases. All of it is one transaction, so a cancel (or
 * any failure) leaves the registry as it was: 150 small versions write in well under a second.
 * Progress counts each version twice: once prepared (hashed), once written.
 */
export async function loadSampleData(
	registry: ModelRegistry,
	options: WriteOptions = {}
): Promise<SampleDataResult> {
	const total = 2 * SAMPLE_MODELS.reduce((sum, model) => sum + model.versions, 0);
	let done = 0;
	const report = () => options.onProgress?.(++done, total);
	options.onProgress?.(0, total);
	const prepared = await prepareAll(registry, options, report);
	return registry.writeBatch(async (batch) => {
		let models = 0;
		let versions = 0;
		for (const [index, model] of SAMPLE_MODELS.entries()) {
			const inputs = prepared[index] ?? [];
			if (await batch.getModel(model.name)) {
				for (let n = 0; n < inputs.length; n++) report();
				continue;
			}
			let lastRelease = '';
			for (const [i, input] of inputs.entries()) {
				// Throwing inside the transaction aborts it: nothing written so far is kept.
				if (options.signal?.aborted) throw cancelled();
				const { version } = await batch.register(input);
				if (!version.includes('-')) lastRelease = version;
				// Every sixth version goes to production; the newest release waits in staging.
				if (i % 6 === 4) await batch.transitionStage(model.name, version, 'production');
				report();
			}
			if (lastRelease) await batch.transitionStage(model.name, lastRelease, 'staging');
			const { productionVersion } = await batch.updateModel(model.name, {
				description: model.description,
				tags: model.tags
			});
			if (productionVersion) await batch.setAlias(model.name, 'champion', productionVersion);
			if (lastRelease) await batch.setAlias(model.name, 'challenger', lastRelease);
			models++;
			versions += inputs.length;
		}
		if (options.signal?.aborted) throw cancelled();
		return { models, versions };
	});
}
