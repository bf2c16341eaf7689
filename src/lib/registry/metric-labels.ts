/**
 * How a metric's name is shown: the seven standard metrics by their label, everything else as typed.
 * In the core so the state classes and the components share the one map.
 */
import { STANDARD_METRICS, type StandardMetric } from './types';

export const METRIC_LABELS: Readonly<Record<StandardMetric, string>> = {
	accuracy: 'Accuracy',
	precision: 'Precision',
	recall: 'Recall',
	f1Score: 'F1 score',
	aucRoc: 'AUC-ROC',
	mse: 'MSE',
	mae: 'MAE'
};

/** The label of a standard metric (`aucRoc` → `AUC-ROC`); a custom metric's name, unchanged. */
export function metricLabel(name: string): string {
	return (STANDARD_METRICS as readonly string[]).includes(name)
		? METRIC_LABELS[name as StandardMetric]
		: name;
}
