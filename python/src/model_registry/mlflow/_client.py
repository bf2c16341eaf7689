"""MLflow, imported on first use, with a message saying how to get it when it is missing."""
import warnings


def mlflow_client(tracking_uri):
    try:
        from mlflow.tracking import MlflowClient
    except ImportError as error:
        raise RuntimeError("The MLflow sync needs MLflow: pip install 'model-registry[mlflow]' "
                           "(from this repository: pip install './python[mlflow]').") from error
    return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def set_stage(client, name, number, stage):
    """MLflow 3 deprecates stages, but they are what the app's stages map to: the warning is noise here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        client.transition_model_version_stage(name, number, stage)


def download_artifacts(artifact_uri, dst_path, tracking_uri):
    from mlflow.artifacts import download_artifacts as download
    return download(artifact_uri=artifact_uri, dst_path=dst_path, tracking_uri=tracking_uri)
