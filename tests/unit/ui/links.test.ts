import { describe, expect, it } from 'vitest';
import { mlflowVersionLink } from '$lib/ui/links';

describe('the link back to a pulled version in MLflow', () => {
	it("is the MLflow UI's page of that version on the server it came from", () => {
		expect(
			mlflowVersionLink('churn model', {
				'mlflow.server': 'https://ml.example.com/mlflow/',
				'mlflow.version': '7'
			})
		).toEqual({ href: 'https://ml.example.com/mlflow/#/models/churn%20model/versions/7', number: '7' });
	});

	it('is not made from tags that are not a pulled version, or from an address that is not http(s)', () => {
		expect(mlflowVersionLink('m', {})).toBeUndefined();
		expect(mlflowVersionLink('m', { 'mlflow.server': 'http://h', 'mlflow.version': '1; x' })).toBeUndefined();
		expect(
			mlflowVersionLink('m', { 'mlflow.server': 'javascript:alert(1)', 'mlflow.version': '1' })
		).toBeUndefined();
		expect(mlflowVersionLink('m', { 'mlflow.server': 'not a url', 'mlflow.version': '1' })).toBeUndefined();
	});
});
