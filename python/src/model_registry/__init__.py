"""Model Registry bundles from Python: write_bundle() and read_bundle(), standard library only.

The MLflow sync (model_registry.mlflow, the mlflow-to-bundle and bundle-to-mlflow commands) needs the
``mlflow`` extra: ``pip install './python[mlflow]'``.
"""
from .errors import BundleError
from .reader import Bundle, BundleFile, Model, Version, read_bundle
from .rules import FORMAT_VERSION, FRAMEWORKS, STAGES, STANDARD_METRICS
from .writer import write_bundle

__all__ = ["Bundle", "BundleError", "BundleFile", "FORMAT_VERSION", "FRAMEWORKS", "Model", "STAGES",
           "STANDARD_METRICS", "Version", "read_bundle", "write_bundle"]
