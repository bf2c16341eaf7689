"""MLflow, imported on first use, with a message saying how to get it when it is missing."""
import warnings


def mlflow_client(tracking_uri):
    try:
        from mlflow.tracking import MlflowClient
    except ImportError as error:
        raise RuntimeError("The MLflow sync needs MLflow: pip install 'model-registry[mlflow]' "
                           "(from this repository: pip install './python[mlflow]').") from error
    # Stages are deprecated in MLflow 3 but still what the app maps; the warning is noise here.
    warnings.filterwarnings("ignore", message=".*stage.*", category=FutureWarning)
    return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def download_artifacts(artifact_uri, dst_path, tracking_uri):
    from mlflow.artifacts import download_artifacts as download
    return download(artifact_uri=artifact_uri, dst_path=dst_path, tracking_uri=tracking_uri)
