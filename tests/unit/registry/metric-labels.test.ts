import { describe, expect, it } from 'vitest';
import { METRIC_LABELS, metricLabel, STANDARD_METRICS } from '../../../src/lib/registry';

describe('metricLabel', () => {
	it('shows each standard metric by its label', () => {
		expect(metricLabel('aucRoc')).toBe('AUC-ROC');
		expect(metricLabel('f1Score')).toBe('F1 score');
		expect(metricLabel('mse')).toBe('MSE');
		for (const metric of STANDARD_METRICS) expect(metricLabel(metric)).toBe(METRIC_LABELS[metric]);
	});

	it('leaves custom metric names as typed', () => {
		expect(metricLabel('top5_accuracy')).toBe('top5_accuracy');
		expect(metricLabel('AucRoc')).toBe('AucRoc');
		expect(metricLabel('latency_ms')).toBe('latency_ms');
		expect(metricLabel('toString')).toBe('toString');
		expect(metricLabel('')).toBe('');
	});
});
