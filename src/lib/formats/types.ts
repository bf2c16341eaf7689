import type { JsonValue, ModelFramework } from '../registry/types';

/**
 * What the registry reads from a model's files without running them. Every summary is plain JSON (no BigInt,
 * no class instances) so it crosses the worker boundary and can be stored on a version as it is.
 */

/**
 * A count that may pass 2^53 (a parameter count summed from hostile shapes): a number while it is exact,
 * otherwise its decimal digits, so nothing is silently rounded.
 */
export type Count = number | string;

/** One tensor as a header declares it. Shapes are numbers: a dimension past 2^53 is refused when read. */
export interface TensorInfo {
	name: string;
	dtype: string;
	shape: number[];
}

export interface SafetensorsSummary {
	format: 'safetensors';
	tensorCount: number;
	/** dtype → how many tensors have it. */
	dtypes: Record<string, number>;
	/** The first MAX_LISTED_TENSORS tensors in header order; `tensorCount` says how many there are. */
	tensors: TensorInfo[];
	parameterCount: Count;
	/** `__metadata__`: string to string, as the format defines it. */
	metadata: Record<string, string>;
	headerBytes: number;
}

export interface ShardedSafetensorsSummary extends Omit<SafetensorsSummary, 'headerBytes' | 'format'> {
	format: 'safetensors-index';
	/** Shard file names, sorted. */
	shards: string[];
	/** Shards the index names that are not among the files given. */
	missingShards: string[];
	/** `metadata.total_size` from the index, when it says. */
	totalSize?: number;
}

/** An ONNX value's type: a tensor's element type and shape, or the kind of a non-tensor type. */
export interface OnnxValueInfo {
	name: string;
	/** 'float', 'int64', … for tensors; 'sequence', 'map', 'optional', 'sparse_tensor' otherwise. */
	type: string;
	/** Absent when the model does not say; a dimension is a number (dim_value), a name (dim_param) or null. */
	shape?: (number | string | null)[];
}

export interface OnnxSummary {
	format: 'onnx';
	irVersion?: number;
	producerName?: string;
	producerVersion?: string;
	domain?: string;
	modelVersion?: number;
	graphName?: string;
	opsetImports: { domain: string; version: number }[];
	inputs: OnnxValueInfo[];
	outputs: OnnxValueInfo[];
	nodeCount: number;
	/** Operator → how many nodes of the main graph use it (`com.microsoft.FusedMatMul` outside the default domain). */
	opTypes: Record<string, number>;
	initializerCount: number;
	/** Summed from the initializers' dims; the weights themselves are never read. */
	parameterCount: Count;
	/** Files named by initializers stored outside the model (`data_location: EXTERNAL`). */
	externalDataFiles: string[];
	/** Sparse initializers are not counted in `parameterCount` (their dims follow their values in the stream). */
	sparseInitializerCount: number;
}

export type GgufMetadataValue = string | number | boolean | (string | number | boolean)[];

export interface GgufSummary {
	format: 'gguf';
	version: number;
	architecture?: string;
	name?: string;
	contextLength?: number;
	/** general.file_type as its llama.cpp name (e.g. 'Q8_0', 'MOSTLY_F16'), when the file says. */
	fileType?: string;
	tensorCount: number;
	/** Tensor type name (F32, Q8_0, …) → how many tensors have it. */
	tensorTypes: Record<string, number>;
	parameterCount: Count;
	/** Scalars and short arrays; long arrays (a tokenizer's vocabulary) and long strings are left out. */
	metadata: Record<string, GgufMetadataValue>;
	/** Keys left out of `metadata`, with why (e.g. 'array of 32000 items'). */
	skippedMetadata: Record<string, string>;
}

/** A column or tensor spec of an MLflow signature. */
export type SignatureSpec =
	| { kind: 'column'; name?: string; type: string; required: boolean }
	| { kind: 'tensor'; name?: string; dtype: string; shape: number[] };

export interface ModelSignature {
	inputs: SignatureSpec[];
	outputs: SignatureSpec[];
	/** Inference parameters (`signature.params`), each `name: type`; absent when none. */
	params?: { name: string; type: string; default?: unknown }[];
}

export interface MlmodelSummary {
	format: 'mlmodel';
	/** Flavor name → its scalar settings (loader_module, sklearn_version, pickled_model, …). */
	flavors: Record<string, Record<string, string | number | boolean>>;
	signature?: ModelSignature;
	/**
	 * `saved_input_example_info` (where the example is, how it is laid out) and, when `readModelFiles` finds the
	 * example's file beside the MLmodel and it is small, the example itself; else why it was not read.
	 */
	inputExample?: { info: Record<string, string | number | boolean>; value?: JsonValue; notRead?: string };
	mlflowVersion?: string;
	modelSizeBytes?: number;
	modelUuid?: string;
	runId?: string;
	createdAt?: string;
}

export interface HfConfigSummary {
	format: 'hf-config';
	architectures: string[];
	modelType?: string;
	hiddenSize?: number;
	numHiddenLayers?: number;
	numAttentionHeads?: number;
	vocabSize?: number;
	maxPositionEmbeddings?: number;
	torchDtype?: string;
	transformersVersion?: string;
}

export type FormatSummary =
	| SafetensorsSummary
	| ShardedSafetensorsSummary
	| OnnxSummary
	| GgufSummary
	| MlmodelSummary
	| HfConfigSummary;

export type FormatName = FormatSummary['format'];

/** What reading one file gave: its summary, or why it could not be read. One failure never hides the rest. */
export type FileReading =
	| { path: string; format: FormatName; summary: FormatSummary }
	| { path: string; format: FormatName; error: string };

export interface ModelSummary {
	files: FileReading[];
	/** The framework the files point to, one of the registry's ModelFramework values; 'custom' when unclear. */
	suggestedFramework: ModelFramework;
	/** The path of the file the suggestion comes from; absent for 'custom'. */
	suggestedBy?: string;
}
