/**
 * Property tests run from a fixed seed, so a run in CI is repeatable; FUZZ_SEED=<n> explores other
 * inputs (fast-check prints the seed of any failure, to replay it).
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261126;
