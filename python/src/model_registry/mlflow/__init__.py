"""Move models between an MLflow tracking server and bundles (needs the ``mlflow`` extra).

    from model_registry.mlflow import mlflow_to_bundle, bundle_to_mlflow

MLflow itself is imported only when one of these runs, so ``import model_registry`` never needs it.
"""
from .pull import PullReport, mlflow_to_bundle
from .push import PushReport, bundle_to_mlflow

__all__ = ["PullReport", "PushReport", "bundle_to_mlflow", "mlflow_to_bundle"]
