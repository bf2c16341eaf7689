"""bundle_to_mlflow(): each version of a bundle as an MLflow run and model version, following the app's
conventions (conventions.py). Pushing twice creates nothing the second time, and a push stopped
half-way resumes: every step first looks for what an earlier push made."""
import dataclasses
import json
import pathlib
import shutil
import tempfile

from .. import rules
from ..folders import media_type
from ..reader import read_bundle
from . import conventions as c
from ._client import mlflow_client, set_stage


@dataclasses.dataclass
class PushReport:
    created: int = 0  # model versions created on the server
    already_there: int = 0  # versions the server held already (found by their model_registry.version tag)
    # What MLflow cannot hold of the bundle, one sentence each, so nothing is lost silently.
    not_carried: list = dataclasses.field(default_factory=list)


def param_text(value):
    """A parameter as MLflow keeps it: text as it is, any other JSON value as compact JSON text."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _millis(timestamp):
    return int(rules.parse_timestamp(timestamp).timestamp() * 1000)


class _Pusher:
    def __init__(self, tracking_uri, report):
        self.uri = tracking_uri
        self.client = mlflow_client(tracking_uri)
        self.report = report

    def note(self, sentence):
        self.report.not_carried.append(sentence)

    def tags(self, tags, label):
        """The tags MLflow can take; the others noted. mlflow.* come from the server, ours are set by us."""
        kept = {}
        for key, value in tags.items():
            if key.startswith("mlflow."):
                self.note(f"{label}: tag {key!r} is not sent: mlflow.* tags are the server's own.")
            elif key.startswith(c.OUR_TAG_PREFIX):
                self.note(f"{label}: tag {key!r} is not sent: {c.OUR_TAG_PREFIX}* tags are set by the push.")
            elif not c.is_mlflow_key(key):
                self.note(f"{label}: tag {key!r} is not sent: MLflow tag keys are letters, digits, "
                          f"_ - . / and spaces, at most {c.MAX_KEY_CHARS} characters.")
            elif len(value) > c.MAX_VALUE_CHARS:
                self.note(f"{label}: tag {key!r} is not sent: MLflow keeps tag values of at most "
                          f"{c.MAX_VALUE_CHARS:,} characters.")
            else:
                kept[key] = value
        return kept

    def description(self, text, label):
        if len(text) > c.MAX_DESCRIPTION_CHARS:
            self.note(f"{label}: the description is cut to its first {c.MAX_DESCRIPTION_CHARS:,} characters, "
                      "MLflow's limit.")
        return c.mlflow_description(text)

    def registered_model(self, model):
        from mlflow.exceptions import MlflowException
        try:
            return self.client.get_registered_model(model.name)
        except MlflowException as error:
            if getattr(error, "error_code", "") != "RESOURCE_DOES_NOT_EXIST":
                raise
        return self.client.create_registered_model(
            model.name, tags=self.tags(model.tags, model.name),
            description=self.description(model.description, model.name))

    def experiment_id(self, model):
        name = c.experiment_name(model.name)
        found = self.client.get_experiment_by_name(name)
        return found.experiment_id if found else self.client.create_experiment(name)

    def run(self, experiment_id, model, version):
        """The run an earlier push made for this version, else a new one; tagged from the start, so a
        push stopped after this point finds it again."""
        found = self.client.search_runs(
            [experiment_id], filter_string=c.run_filter(version.version), max_results=10,
            order_by=["attributes.start_time ASC"])
        for run in found:
            if run.data.tags.get(c.MODEL_TAG) == model.name:
                return run
        return self.client.create_run(
            experiment_id, start_time=_millis(version.created_at),
            run_name=c.run_name(model.name, version.version),
            tags={c.VERSION_TAG: version.version, c.MODEL_TAG: model.name, c.FRAMEWORK_TAG: version.framework})

    def log_run(self, run, version, label):
        from mlflow.entities import Metric, Param
        logged_params, logged_metrics = run.data.params, run.data.metrics
        stamp = _millis(version.created_at)
        values = {k: v for k, v in version.metrics.items() if k != "custom"}
        values.update(version.metrics.get("custom", {}))
        metrics = []
        for key, value in values.items():
            if not c.is_mlflow_key(key):
                self.note(f"{label}: metric {key!r} is not sent: MLflow metric names are letters, digits, "
                          f"_ - . / and spaces, at most {c.MAX_KEY_CHARS} characters.")
            elif logged_metrics.get(key) != value:  # a resumed push logs each metric once
                metrics.append(Metric(key, value, stamp, 0))
        params = []
        for key, value in version.parameters.items():
            text = param_text(value)
            if not c.is_mlflow_key(key):
                self.note(f"{label}: parameter {key!r} is not sent: MLflow parameter names are letters, "
                          f"digits, _ - . / and spaces, at most {c.MAX_KEY_CHARS} characters.")
            elif len(text) > c.MAX_PARAM_VALUE_CHARS:
                self.note(f"{label}: parameter {key!r} is not sent: MLflow keeps parameter values of at "
                          f"most {c.MAX_PARAM_VALUE_CHARS:,} characters (as JSON text).")
            elif key not in logged_params:  # params cannot be logged twice
                params.append(Param(key, text))
        for start in range(0, max(len(metrics), len(params)), c.BATCH_PARAMS):
            self.client.log_batch(run.info.run_id, metrics=metrics[start:start + c.BATCH_PARAMS],
                                  params=params[start:start + c.BATCH_PARAMS])

    def upload(self, run, version, label):
        """Each file under the run's model/ folder, streamed out of the bundle through a scratch folder."""
        if not version.files:
            return
        different = [f.path for f in version.files if f.media_type != media_type(f.path)]
        if different:
            self.note(f"{label}: the media types of {len(different)} file(s) are not kept: MLflow stores "
                      "files without them (they are guessed from the name when pulled).")
        with tempfile.TemporaryDirectory(prefix="bundle-to-mlflow-") as scratch:
            for file in version.files:
                local = pathlib.Path(scratch, *file.path.split("/"))
                local.parent.mkdir(parents=True, exist_ok=True)
                with file.open() as src, open(local, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1024 * 1024)
            self.client.log_artifacts(run.info.run_id, scratch, artifact_path=c.RUN_ARTIFACT_FOLDER)

    def existing_version(self, model, version):
        """The server's copy of this version: pushed before (found by our tag), or pulled from this server."""
        found = self.client.search_model_versions(c.version_filter(model.name, version.version), max_results=10)
        if found:
            return min(found, key=lambda mv: int(mv.version))
        return self.pulled_from_here(model, version)

    def pulled_from_here(self, model, version):
        """A version pulled from this very server is there already under its MLflow number (the origin
        tags), not our tag: pushing it back would copy it. It counts while that number has the same run."""
        from mlflow.exceptions import MlflowException
        number = version.tags.get(c.ORIGIN_VERSION_TAG)
        if version.tags.get(c.ORIGIN_SERVER_TAG) != self.uri or number is None:
            return None
        try:
            mv = self.client.get_model_version(model.name, number)
        except MlflowException as error:
            if getattr(error, "error_code", "") != "RESOURCE_DOES_NOT_EXIST":
                raise
            return None
        run_id = version.tags.get(c.ORIGIN_RUN_TAG)
        return mv if run_id is None or run_id == mv.run_id else None

    def version(self, model, version, experiment_id):
        label = f"{model.name} {version.version}"
        target_stage = c.STAGE_TO_MLFLOW[version.stage]
        mv = self.existing_version(model, version)
        if mv is not None:
            self.report.already_there += 1
            # A push stopped between creating the version and setting its stage finishes the job.
            if (mv.current_stage or "None") == "None" and target_stage != "None":
                set_stage(self.client, model.name, mv.version, target_stage)
            return mv
        run = self.run(experiment_id, model, version)
        self.log_run(run, version, label)
        self.upload(run, version, label)
        if run.info.status != "FINISHED":
            self.client.set_terminated(run.info.run_id, "FINISHED")
        tags = {**self.tags(version.tags, label), c.VERSION_TAG: version.version,
                c.FRAMEWORK_TAG: version.framework}
        mv = self.client.create_model_version(
            model.name, f"{run.info.artifact_uri}/{c.RUN_ARTIFACT_FOLDER}", run_id=run.info.run_id,
            tags=tags, description=self.description(version.description, label))
        if target_stage != "None":
            set_stage(self.client, model.name, mv.version, target_stage)
        self.report.created += 1
        return mv

    def model(self, model):
        registered = self.registered_model(model)
        if model.history:
            self.note(f"{model.name}: its {len(model.history)} history event(s) are not sent: MLflow keeps "
                      "only the current state.")
        if model.metric_directions:
            self.note(f"{model.name}: its metric directions are not sent: MLflow has no such setting.")
        experiment_id = self.experiment_id(model) if model.versions else None
        numbers = {}
        for version in model.versions:
            numbers[version.version] = str(self.version(model, version, experiment_id).version)
        current = dict(registered.aliases or {})
        for alias, target in model.aliases.items():
            if not c.is_mlflow_alias(alias):
                self.note(f"{model.name}: alias {alias!r} is not set: MLflow alias names are letters, "
                          "digits, _ and -, and reserves latest and v<number> for its own versions.")
            elif str(current.get(alias)) != numbers[target]:
                self.client.set_registered_model_alias(model.name, alias, numbers[target])


def bundle_to_mlflow(bundle, tracking_uri):
    """Push every model and version of the bundle at `bundle` to the MLflow server at `tracking_uri`.

    Returns a PushReport: versions created, versions the server already held, and what MLflow cannot
    hold (one sentence each). The bundle is read and checked in full before anything is sent.
    """
    checked = read_bundle(bundle)
    report = PushReport()
    pusher = _Pusher(tracking_uri.rstrip("/"), report)
    for model in checked.models:
        pusher.model(model)
    return report
