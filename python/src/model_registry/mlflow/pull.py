"""mlflow_to_bundle(): registered models of an MLflow server, with their versions' runs and files, as a
bundle. The mapping is the app's (conventions.py)."""
import dataclasses
import json
import math
import pathlib
import tempfile

from .. import rules
from ..errors import BundleError
from ..manifest import check_parameters
from ..writer import write_bundle
from . import conventions as c
from ._client import download_artifacts, mlflow_client

PAGE = 1000


@dataclasses.dataclass
class PullReport:
    models: int = 0
    versions: int = 0
    files: int = 0
    # What the server holds that could not be carried into the bundle, one sentence each.
    not_carried: list = dataclasses.field(default_factory=list)


def _pages(search, **kwargs):
    token = None
    while True:
        page = search(max_results=PAGE, page_token=token, **kwargs)
        yield from page
        token = page.token
        if not token:
            return


def parameter_value(text):
    """An MLflow parameter (always text) as the app reads it: JSON numbers, booleans, null, arrays and
    objects become that value; any other text (a JSON string included) stays the text it is."""
    try:
        value = json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
    except (ValueError, RecursionError):
        return text
    if isinstance(value, str):
        return text
    try:
        _finite_everywhere(value)
    except ValueError:
        return text
    return value


def _finite_everywhere(value):
    if isinstance(value, float) and not math.isfinite(value):  # 1e999 parses as inf
        raise ValueError("not finite")
    if isinstance(value, dict):
        for item in value.values():
            _finite_everywhere(item)
    elif isinstance(value, list):
        for item in value:
            _finite_everywhere(item)


def framework_of_mlmodel(text):
    """Our framework from an MLmodel file's flavors, or None when it names none we know."""
    try:
        import yaml  # mlflow-skinny depends on PyYAML
        flavors = (yaml.safe_load(text) or {}).get("flavors") or {}
    except Exception:  # an MLmodel we cannot read says nothing about the framework
        return None
    for flavor in flavors:
        if flavor in c.FRAMEWORK_OF_FLAVOR:
            return c.FRAMEWORK_OF_FLAVOR[flavor]
    return None


def _compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def version_strings(name, versions, note):
    """Our version string for each MLflow version number, as the app decides them.

    A version pushed from a registry carries ours in model_registry.version and keeps it; the others are
    N.0.0. Tagged versions claim their strings first (in number order), so a number-made string never
    takes a pushed version's; a second claim to a string is refused.
    """
    strings, taken, untagged = {}, set(), []
    for mv in sorted(versions, key=lambda mv: int(mv.version)):
        tagged = (mv.tags or {}).get(c.VERSION_TAG)
        if tagged is None:
            untagged.append(mv)
        elif rules.semver_problem(tagged):
            note(f"{name} version {mv.version} carries {c.VERSION_TAG} {tagged[:40]!r}, which is not SemVer: "
                 f"it becomes {c.semver_of_mlflow_number(mv.version)}.")
            untagged.append(mv)
        elif tagged in taken:
            note(f"{name} version {mv.version} carries {c.VERSION_TAG} {tagged}, as an earlier version does: "
                 f"it becomes {c.semver_of_mlflow_number(mv.version)}.")
            untagged.append(mv)
        else:
            strings[str(mv.version)] = tagged
            taken.add(tagged)
    for mv in sorted(untagged, key=lambda mv: int(mv.version)):
        string = c.semver_of_mlflow_number(mv.version)
        if string in taken:
            note(f"{name} version {mv.version} is not pulled: {string}, its version in the bundle, is already "
                 f"another version's ({c.VERSION_TAG}).")
            continue
        strings[str(mv.version)] = string
        taken.add(string)
    return strings


class _Puller:
    def __init__(self, tracking_uri, workdir, report):
        self.uri = tracking_uri
        self.client = mlflow_client(tracking_uri)
        self.workdir = pathlib.Path(workdir)
        self.report = report

    def note(self, sentence):
        self.report.not_carried.append(sentence)

    def tags(self, tags, label):
        """A bundle's tags from MLflow's: ours (model_registry.*) consumed, what a bundle cannot hold noted."""
        kept = {}
        for key, value in sorted(tags.items()):
            if key.startswith(c.OUR_TAG_PREFIX):
                continue
            problem = rules.key_problem(key, rules.MAX_KEY_CHARS)
            if problem:
                self.note(f"{label}: tag {key[:60]!r} is left out: {problem}.")
                continue
            if len(value) > rules.MAX_TAG_VALUE_CHARS:
                self.note(f"{label}: tag {key!r} is cut to {rules.MAX_TAG_VALUE_CHARS:,} characters, the most "
                          "a bundle's tag holds.")
                value = value[:rules.MAX_TAG_VALUE_CHARS]
            kept[key] = value
        return kept

    def description(self, text, label):
        text = text or ""
        if rules.utf8_size(text) > rules.MAX_TEXT_BYTES:
            self.note(f"{label}: the description is cut to 64 KiB, the most a bundle's holds.")
            text = text.encode("utf-8")[:rules.MAX_TEXT_BYTES].decode("utf-8", "ignore")
        return text

    def metrics(self, run_metrics, label):
        metrics, custom = {}, {}
        for key, value in sorted(run_metrics.items()):
            if not math.isfinite(value):
                self.note(f"{label}: metric {key!r} is left out: {value} is not a finite number.")
            elif key in rules.STANDARD_METRICS:
                fraction = key in rules.FRACTION_METRICS
                if value < 0 or (fraction and value > 1):
                    self.note(f"{label}: metric {key!r} is left out: {value} is outside its range "
                              f"({'0 to 1' if fraction else '0 or more'}).")
                else:
                    metrics[key] = value
            elif rules.key_problem(key, rules.MAX_KEY_CHARS):
                self.note(f"{label}: metric {key!r} is left out: {rules.key_problem(key, rules.MAX_KEY_CHARS)}.")
            else:
                custom[key] = value
        if custom:
            metrics["custom"] = custom
        return metrics

    def parameters(self, params, label):
        parameters = {}
        for key, text in sorted(params.items()):
            if rules.key_problem(key):
                self.note(f"{label}: parameter {key!r} is left out: {rules.key_problem(key)}.")
                continue
            value = parameter_value(text)
            try:  # JSON a bundle refuses (a reserved key inside, too deep) stays the text it was
                check_parameters({key: value}, key)
            except BundleError:
                value = text
            parameters[key] = value
        # Over the size limit, the largest go first, so as many parameters as possible are kept.
        by_size = sorted(parameters, key=lambda key: (-rules.utf8_size(_compact(parameters[key])), key))
        for key in by_size:
            if rules.utf8_size(_compact(parameters)) <= rules.MAX_TEXT_BYTES:
                break
            del parameters[key]
            self.note(f"{label}: parameter {key!r} is left out: the parameters would be over 64 KiB, "
                      "the most a bundle's hold.")
        return parameters

    def _nothing_in_run(self, mv):
        """Whether the version's source is a folder of its run that holds nothing (pushed without files)."""
        if not mv.run_id:
            return False
        try:
            root = self.client.get_run(mv.run_id).info.artifact_uri.rstrip("/")
            if not (mv.source or "").startswith(root + "/"):
                return False
            return not self.client.list_artifacts(mv.run_id, mv.source[len(root) + 1:])
        except Exception:  # cannot tell: the download's own error is the one to report
            return False

    def files(self, name, mv, label):
        """The version's files downloaded into a folder of their own, or None for none."""
        try:
            uri = self.client.get_model_version_download_uri(name, mv.version)
            local = pathlib.Path(download_artifacts(uri, str(self.workdir / f"{name}-{mv.version}"), self.uri))
        except Exception as error:  # files outside the artifact proxy, or gone
            if not self._nothing_in_run(mv):
                self.note(f"{label}: its files are left out: they could not be downloaded ({error}).")
            return None
        if local.is_file():
            return {"files": {local.name: local}}
        if not any(path.is_file() for path in local.rglob("*")):
            return None
        return {"folder": local}

    def version(self, name, mv, version):
        label = f"{name} {version}"
        tags = dict(mv.tags or {})
        entry = {
            "version": version,
            "stage": c.STAGE_FROM_MLFLOW.get(mv.current_stage or "None", "development"),
            "description": self.description(mv.description, label),
            "createdAt": rules.iso_of_millis(mv.creation_timestamp),
            "updatedAt": rules.iso_of_millis(mv.last_updated_timestamp or mv.creation_timestamp),
        }
        own = self.tags(tags, label)
        # Where the version came from, last, so a tag of the same name on the server never hides it.
        origin = {c.ORIGIN_VERSION_TAG: str(mv.version), c.ORIGIN_SERVER_TAG: self.uri}
        if mv.source:
            origin[c.ORIGIN_SOURCE_TAG] = mv.source
        if mv.run_id:
            origin[c.ORIGIN_RUN_TAG] = mv.run_id
            run = self.client.get_run(mv.run_id)
            entry["metrics"] = self.metrics(run.data.metrics, label)
            entry["parameters"] = self.parameters(run.data.params, label)
        entry["tags"] = {**own, **{k: v[:rules.MAX_TAG_VALUE_CHARS] for k, v in origin.items()}}
        files = self.files(name, mv, label)
        framework = tags.get(c.FRAMEWORK_TAG)
        if framework not in rules.FRAMEWORKS:
            framework = None
            mlmodel = files and files.get("folder") and files["folder"] / "MLmodel"
            if mlmodel and mlmodel.is_file():
                framework = framework_of_mlmodel(mlmodel.read_text("utf-8", "replace"))
        entry["framework"] = framework or "custom"
        if files:
            entry.update(files)
        return entry

    def model(self, rm):
        label = rm.name
        if rules.model_name_problem(rm.name):
            self.note(f"Model {rm.name!r} is left out: {rules.model_name_problem(rm.name)}.")
            return None
        found = list(_pages(self.client.search_model_versions,
                            filter_string=f"name={c.quote_filter(rm.name)}", order_by=["version_number ASC"]))
        numbers = version_strings(rm.name, found, self.note)
        versions, production = [], []
        for mv in sorted(found, key=lambda mv: int(mv.version)):
            if str(mv.version) not in numbers:
                continue
            entry = self.version(rm.name, mv, numbers[str(mv.version)])
            versions.append(entry)
            if entry["stage"] == "production":
                production.append((mv, entry))
        # A bundle holds one production version; MLflow allows several. The most recently changed one
        # (then the highest number) keeps it, as the app decides, and the others are archived.
        production.sort(key=lambda pair: (pair[0].last_updated_timestamp or 0, int(pair[0].version)), reverse=True)
        for _, extra in production[1:]:
            self.note(f"{label} {extra['version']} is archived in the bundle: MLflow has it in Production, "
                      f"but only one version is ({production[0][1]['version']}).")
            extra["stage"] = "archived"
        aliases = {}
        for alias, number in sorted((rm.aliases or {}).items()):
            if rules.alias_problem(alias) or str(number) not in numbers:
                self.note(f"{label}: alias {alias[:60]!r} is left out: "
                          f"{rules.alias_problem(alias) or f'its version {number} is not pulled'}.")
                continue
            aliases[alias] = numbers[str(number)]
        return {
            "name": rm.name,
            "description": self.description(rm.description, label),
            "tags": self.tags(dict(rm.tags or {}), label),
            "createdAt": rules.iso_of_millis(rm.creation_timestamp),
            "updatedAt": rules.iso_of_millis(rm.last_updated_timestamp or rm.creation_timestamp),
            "aliases": aliases,
            "versions": versions,
        }


def mlflow_to_bundle(out, tracking_uri, models=None):
    """Write the registered models of the MLflow server at `tracking_uri` as a bundle at `out`.

    models: names to pull (default: every registered model). Each version carries its run's latest
    metrics and its params, its tags (ours consumed, the mlflow.* origin tags added), its stage and its
    artifact files. Returns a PullReport; what could not be carried is listed in it, never dropped silently.
    """
    report = PullReport()
    with tempfile.TemporaryDirectory(prefix="mlflow-to-bundle-") as workdir:
        puller = _Puller(tracking_uri.rstrip("/"), workdir, report)
        if models:
            registered = [puller.client.get_registered_model(name) for name in models]
        else:
            registered = list(_pages(puller.client.search_registered_models))
        written = [m for m in (puller.model(rm) for rm in sorted(registered, key=lambda rm: rm.name)) if m]
        manifest = write_bundle(out, written, generator="mlflow-to-bundle (model-registry Python package)")
    report.models = len(manifest["models"])
    report.versions = sum(len(m["versions"]) for m in manifest["models"])
    report.files = sum(len(v.get("files", ())) for m in manifest["models"] for v in m["versions"])
    return report


__all__ = ["PullReport", "mlflow_to_bundle", "parameter_value"]
