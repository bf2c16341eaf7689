import { readSmallText, type ByteSource } from './byte-source';
import { FormatError } from './errors';
import type { HfConfigSummary } from './types';

/** A Hugging Face `config.json`: the architecture and a few sizes. Real ones are a few KB. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function readHfConfig(file: ByteSource): Promise<HfConfigSummary> {
	let config: unknown;
	try {
		config = JSON.parse(await readSmallText(file, MAX_CONFIG_BYTES, 'config.json'));
	} catch (error) {
		if (error instanceof FormatError) throw error;
		throw new FormatError(`config.json is not valid JSON (${(error as Error).message})`);
	}
	if (typeof config !== 'object' || config === null || Array.isArray(config)) {
		throw new FormatError('config.json is not a JSON object');
	}
	const c = config as Record<string, unknown>;
	// Multimodal configs keep the language model's sizes under text_config.
	const text =
		typeof c.text_config === 'object' && c.text_config !== null
			? (c.text_config as Record<string, unknown>)
			: {};
	const size = (key: string): number | undefined => {
		const value = c[key] ?? text[key];
		return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
	};
	const summary: HfConfigSummary = {
		format: 'hf-config',
		architectures: Array.isArray(c.architectures)
			? c.architectures.filter((a): a is string => typeof a === 'string')
			: []
	};
	const fields = {
		hiddenSize: size('hidden_size'),
		numHiddenLayers: size('num_hidden_layers'),
		numAttentionHeads: size('num_attention_heads'),
		vocabSize: size('vocab_size'),
		maxPositionEmbeddings: size('max_position_embeddings')
	};
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined) Object.assign(summary, { [key]: value });
	}
	if (typeof c.model_type === 'string') summary.modelType = c.model_type;
	const dtype = c.torch_dtype ?? c.dtype;
	if (typeof dtype === 'string') summary.torchDtype = dtype;
	if (typeof c.transformers_version === 'string') summary.transformersVersion = c.transformers_version;
	return summary;
}
