"""How our registry and MLflow name the same things; the app has the same (src/lib/sync/conventions.ts,
to-mlflow.ts), so a version pushed by one is found again by the other."""
import re

# On an MLflow model version and its run: our version string, so a second push finds it.
VERSION_TAG = "model_registry.version"
# On an MLflow model version and its run: our framework, which MLflow has no field for.
FRAMEWORK_TAG = "model_registry.framework"
# On a run: the model it was made for.
MODEL_TAG = "model_registry.model"
OUR_TAG_PREFIX = "model_registry."
# Written by a pull on each version: where it came from. A push never sends them back.
ORIGIN_VERSION_TAG = "mlflow.version"
ORIGIN_RUN_TAG = "mlflow.run_id"
ORIGIN_SOURCE_TAG = "mlflow.source"
ORIGIN_SERVER_TAG = "mlflow.server"
RUN_ARTIFACT_FOLDER = "model"

STAGE_FROM_MLFLOW = {"None": "development", "Staging": "staging", "Production": "production",
                     "Archived": "archived"}
STAGE_TO_MLFLOW = {ours: theirs for theirs, ours in STAGE_FROM_MLFLOW.items()}
FRAMEWORK_OF_FLAVOR = {"sklearn": "sklearn", "pytorch": "pytorch", "tensorflow": "tensorflow",
                       "keras": "tensorflow", "onnx": "onnx"}

# MLflow's limits (mlflow/utils/validation.py and its database columns), in characters.
MAX_KEY_CHARS = 250
MAX_VALUE_CHARS = 5000
MAX_DESCRIPTION_CHARS = 5000
MAX_PARAM_VALUE_CHARS = 6000
MAX_ALIAS_CHARS = 255
BATCH_METRICS = 1000
BATCH_PARAMS = 100

_KEY = re.compile(r"[\w/.\- ]+")
_ALIAS = re.compile(r"[\w-]+")


def experiment_name(model):
    return f"model-registry/{model}"


def run_name(model, version):
    return f"{model}:{version}"


def semver_of_mlflow_number(number):
    return f"{number}.0.0"


def is_mlflow_key(key):
    """A tag, param or metric key every MLflow server takes: letters, digits, _ - . / and spaces."""
    return (bool(_KEY.fullmatch(key)) and len(key) <= MAX_KEY_CHARS
            and all(part not in ("", ".", "..") for part in key.split("/")))


def is_mlflow_alias(alias):
    """An alias name MLflow takes: [\\w-], not latest (any case) nor v<digits> (both mean versions)."""
    return (bool(_ALIAS.fullmatch(alias)) and len(alias) <= MAX_ALIAS_CHARS
            and alias.lower() != "latest" and not re.fullmatch(r"[vV]\d+", alias))


def mlflow_description(description):
    """A description MLflow can store: cut to its limit, with … showing that it was."""
    if len(description) <= MAX_DESCRIPTION_CHARS:
        return description
    return description[:MAX_DESCRIPTION_CHARS - 1] + "…"


def quote_filter(value):
    """Quoted for an MLflow search filter, which has no escapes: with the quote the value lacks."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    raise ValueError(f"{value!r} holds both kinds of quote, which an MLflow search cannot express")


def version_filter(model, version):
    return f"name={quote_filter(model)} and tags.`{VERSION_TAG}` = {quote_filter(version)}"


def run_filter(version):
    return f"tags.`{VERSION_TAG}` = {quote_filter(version)}"
