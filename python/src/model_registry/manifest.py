"""Checks a manifest against every rule of docs/bundle-format.md, and migrates formats 1 and 2.

The manifest arrives nested by model whichever entry carried it: manifest.json (formats 1 and 2), or the
lines of manifest.jsonl (format 3) as manifest_lines.read_lines put them together. Its Places turn a
field's path (models[0].versions[1].stage) into a place in that entry, for the error.

The writer checks what it is about to write with the same code the reader checks what it reads, so a
bundle this package writes is one it (and the app) reads.
"""
import dataclasses
import json
from typing import Callable

from . import rules
from .errors import BundleError
from .file_paths import paths_problem, safe_file_name

TOP_FIELDS = ("format", "formatVersion", "exportedAt", "generator", "models")
MODEL_FIELDS = ("name", "description", "tags", "createdAt", "updatedAt", "aliases", "metricDirections",
                "versions", "history")
VERSION_FIELDS = ("version", "stage", "framework", "metrics", "parameters", "tags", "description",
                  "files", "createdAt", "updatedAt")
VERSION_FIELDS_V1 = tuple("artifact" if field == "files" else field for field in VERSION_FIELDS)
FILE_FIELDS = ("path", "sha256", "size", "mediaType")
ARTIFACT_FIELDS = ("sha256", "size", "mediaType", "filename")
EVENT_FIELDS = ("at", "kind", "version", "before", "after")


@dataclasses.dataclass(frozen=True)
class Places:
    """Where a manifest came from: its entry's name, and a field's path as a place in that entry."""

    name: str
    place: Callable[[str], str]


JSON_PLACES = Places(rules.JSON_MANIFEST, lambda where: f"{rules.JSON_MANIFEST}: {where}")
# What the writer checks is about to become manifest.jsonl; its errors name the field the caller gave.
WRITER_PLACES = Places(rules.LINES_MANIFEST, lambda where: where)


class _Checker:
    def __init__(self, places):
        self.places = places

    def fail(self, where, problem):
        problem = problem if problem.endswith(".") else problem + "."
        raise BundleError(f"{self.places.place(where)}: {problem}")

    def object(self, value, where, allowed, required=()):
        if not isinstance(value, dict):
            self.fail(where, f"must be an object, not {rules.json_type(value)}")
        for key in value:
            if key not in allowed:
                self.fail(f"{where}.{key}" if where else key,
                          f"is not a field of the bundle format (allowed: {', '.join(allowed)})")
        for key in required:
            if key not in value:
                self.fail(f"{where}.{key}" if where else key, "is required")
        return value

    def check(self, where, problem):
        if problem:
            self.fail(where, problem)

    def text(self, value, where, max_bytes=rules.MAX_TEXT_BYTES):
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {rules.json_type(value)}")
        if rules.utf8_size(value) > max_bytes:
            self.fail(where, f"must be at most {max_bytes // 1024} KiB as UTF-8")

    def tags(self, value, where):
        if not isinstance(value, dict):
            self.fail(where, f"must be an object of text labels, not {rules.json_type(value)}")
        for key, tag in value.items():
            self.check(f"{where}[{json.dumps(key)}]", rules.key_problem(key, rules.MAX_KEY_CHARS))
            if not isinstance(tag, str):
                self.fail(f"{where}.{key}", f"must be text, not {rules.json_type(tag)}")
            if len(tag) > rules.MAX_TAG_VALUE_CHARS:
                self.fail(f"{where}.{key}", f"must be at most {rules.MAX_TAG_VALUE_CHARS:,} characters")

    def json_value(self, value, where, depth=0):
        """Any JSON value, with the key rules at every depth; numbers finite, nesting bounded."""
        if depth > rules.MAX_PARAMETER_DEPTH:
            self.fail(where, f"must be nested at most {rules.MAX_PARAMETER_DEPTH} levels")
        if isinstance(value, dict):
            for key, item in value.items():
                self.check(f"{where}[{json.dumps(key)}]", rules.key_problem(key))
                self.json_value(item, f"{where}.{key}", depth + 1)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                self.json_value(item, f"{where}[{i}]", depth + 1)
        elif rules.is_number(value):
            self.check(where, rules.finite_problem(value))
        elif not (value is None or isinstance(value, (str, bool))):
            self.fail(where, f"must be JSON (text, number, boolean, null, array or object), "
                             f"not {rules.json_type(value)}")

    def metrics(self, value, where):
        self.object(value, where, rules.STANDARD_METRICS + ("custom",))
        for name in rules.STANDARD_METRICS:
            if name in value:
                metric = value[name]
                self.check(f"{where}.{name}", rules.finite_problem(metric))
                if metric < 0 or (name in rules.FRACTION_METRICS and metric > 1):
                    span = "between 0 and 1" if name in rules.FRACTION_METRICS else "0 or more"
                    self.fail(f"{where}.{name}", f"must be {span}, not {metric!r}")
        custom = value.get("custom", {})
        if not isinstance(custom, dict):
            self.fail(f"{where}.custom", f"must be an object, not {rules.json_type(custom)}")
        for name, metric in custom.items():
            self.check(f"{where}.custom[{json.dumps(name)}]", rules.key_problem(name, rules.MAX_KEY_CHARS))
            if name in rules.STANDARD_METRICS:
                self.fail(f"{where}.custom.{name}", "is a standard metric: put it at the top level of metrics")
            self.check(f"{where}.custom.{name}", rules.finite_problem(metric))

    def parameters(self, value, where):
        if not isinstance(value, dict):
            self.fail(where, f"must be an object, not {rules.json_type(value)}")
        self.json_value(value, where)
        if rules.utf8_size(json.dumps(value, separators=(",", ":"), ensure_ascii=False)) > rules.MAX_TEXT_BYTES:
            self.fail(where, f"must be at most {rules.MAX_TEXT_BYTES // 1024} KiB as compact UTF-8 JSON")

    def file_fields(self, file, where):
        self.check(f"{where}.sha256", None if isinstance(file["sha256"], str) and rules.SHA256.fullmatch(
            file["sha256"]) else "must be 64 lowercase hex digits (the SHA-256 of the file's bytes)")
        size = file["size"]
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= rules.MAX_SIZE:
            self.fail(f"{where}.size", "must be a whole number of bytes, 0 or more")
        media = file["mediaType"]
        if not isinstance(media, str) or not 1 <= len(media) <= rules.MAX_MEDIA_TYPE_CHARS:
            self.fail(f"{where}.mediaType", f"must be text of 1 to {rules.MAX_MEDIA_TYPE_CHARS} characters")

    def files(self, value, where):
        if not isinstance(value, list):
            self.fail(where, f"must be an array, not {rules.json_type(value)}")
        if not value:
            self.fail(where, "must list at least one file, or be left out")
        for i, file in enumerate(value):
            self.object(file, f"{where}[{i}]", FILE_FIELDS, FILE_FIELDS)
            self.file_fields(file, f"{where}[{i}]")
        found = paths_problem([file["path"] for file in value])
        if found:
            index, _, problem = found
            self.fail(where if index is None else f"{where}[{index}].path", problem)

    def artifact(self, value, where):
        """Format 1's one file, checked, then migrated to a folder of one file."""
        self.object(value, where, ARTIFACT_FIELDS, ARTIFACT_FIELDS)
        self.file_fields(value, where)
        name = value["filename"]
        if not isinstance(name, str) or not 1 <= len(name) <= 255:
            self.fail(f"{where}.filename", "must be a file name of 1 to 255 characters")
        if "/" in name or "\\" in name or name in (".", ".."):
            self.fail(f"{where}.filename", "must be a file name, not a path")
        return [{"path": safe_file_name(name, "artifact"), "sha256": value["sha256"], "size": value["size"],
                 "mediaType": value["mediaType"]}]

    def version(self, value, where, format_version):
        fields = VERSION_FIELDS if format_version >= 2 else VERSION_FIELDS_V1
        self.object(value, where, fields, ("version",))
        self.check(f"{where}.version", rules.semver_problem(value["version"]))
        if value.get("stage", "development") not in rules.STAGES:
            self.fail(f"{where}.stage", f"must be one of {', '.join(rules.STAGES)}, not {value['stage']!r}")
        if value.get("framework", "custom") not in rules.FRAMEWORKS:
            self.fail(f"{where}.framework",
                      f"must be one of {', '.join(rules.FRAMEWORKS)}, not {value['framework']!r}")
        self.metrics(value.get("metrics", {}), f"{where}.metrics")
        self.parameters(value.get("parameters", {}), f"{where}.parameters")
        self.tags(value.get("tags", {}), f"{where}.tags")
        self.text(value.get("description", ""), f"{where}.description")
        for field in ("createdAt", "updatedAt"):
            if field in value:
                self.check(f"{where}.{field}", rules.timestamp_problem(value[field]))
        migrated = dict(value)
        if "files" in value:
            self.files(value["files"], f"{where}.files")
        if "artifact" in value:
            migrated["files"] = self.artifact(migrated.pop("artifact"), f"{where}.artifact")
        return migrated

    def event(self, value, where):
        self.object(value, where, EVENT_FIELDS, ("at", "kind"))
        self.check(f"{where}.at", rules.timestamp_problem(value["at"]))
        kind = value["kind"]
        if not isinstance(kind, str) or not 1 <= len(kind) <= 64:
            self.fail(f"{where}.kind", "must be text of 1 to 64 characters")
        if "version" in value:
            self.check(f"{where}.version", rules.semver_problem(value["version"]))
        for side in ("before", "after"):
            if side in value:
                self.json_value(value[side], f"{where}.{side}")
                size = rules.utf8_size(json.dumps(value[side], separators=(",", ":"), ensure_ascii=False))
                if size > rules.MAX_EVENT_JSON_BYTES:
                    self.fail(f"{where}.{side}", "must be at most 1 MiB as JSON")

    def model(self, value, where, format_version):
        self.object(value, where, MODEL_FIELDS, ("name", "versions"))
        name = value["name"]
        self.check(f"{where}.name", rules.model_name_problem(name))
        self.text(value.get("description", ""), f"{where}.description")
        self.tags(value.get("tags", {}), f"{where}.tags")
        for field in ("createdAt", "updatedAt"):
            if field in value:
                self.check(f"{where}.{field}", rules.timestamp_problem(value[field]))
        directions = value.get("metricDirections", {})
        if not isinstance(directions, dict):
            self.fail(f"{where}.metricDirections", f"must be an object, not {rules.json_type(directions)}")
        for metric, direction in directions.items():
            self.check(f"{where}.metricDirections[{json.dumps(metric)}]",
                       rules.key_problem(metric, rules.MAX_KEY_CHARS))
            if direction not in ("higher", "lower"):
                self.fail(f"{where}.metricDirections.{metric}", 'must be "higher" or "lower"')

        versions = value["versions"]
        if not isinstance(versions, list):
            self.fail(f"{where}.versions", f"must be an array, not {rules.json_type(versions)}")
        if len(versions) > rules.MAX_VERSIONS:
            self.fail(f"{where}.versions", f"must hold at most {rules.MAX_VERSIONS:,} versions")
        migrated, seen, production = [], set(), []
        for i, version in enumerate(versions):
            checked = self.version(version, f"{where}.versions[{i}]", format_version)
            if checked["version"] in seen:
                self.fail(f"{where}.versions[{i}].version",
                          f"{checked['version']} appears more than once in {name}")
            seen.add(checked["version"])
            if checked.get("stage") == "production":
                production.append(checked["version"])
            migrated.append(checked)
        if len(production) > 1:
            self.fail(f"{where}.versions", f"{' and '.join(production)} are all in production; "
                                           "a model has at most one production version")

        aliases = value.get("aliases", {})
        if not isinstance(aliases, dict):
            self.fail(f"{where}.aliases", f"must be an object, not {rules.json_type(aliases)}")
        for alias, target in aliases.items():
            self.check(f"{where}.aliases[{json.dumps(alias)}]", rules.alias_problem(alias))
            self.check(f"{where}.aliases.{alias}", rules.semver_problem(target))
            if target not in seen:
                self.fail(f"{where}.aliases.{alias}",
                          f"points at {target}, which is not a version of {name} in this bundle")

        history = value.get("history", [])
        if not isinstance(history, list):
            self.fail(f"{where}.history", f"must be an array, not {rules.json_type(history)}")
        if len(history) > rules.MAX_EVENTS:
            self.fail(f"{where}.history", f"must hold at most {rules.MAX_EVENTS:,} events")
        for i, event in enumerate(history):
            self.event(event, f"{where}.history[{i}]")
        return {**value, "versions": migrated}


def check_manifest(manifest, places=JSON_PLACES):
    """Check `manifest` (nested by model, as manifest.json holds it) and return it as format 3.

    Raises BundleError naming the place and the rule. A format-1 manifest comes back with each
    version's `artifact` made a `files` list of one; every manifest comes back with formatVersion 3.
    A format's manifest must be in its own entry: format 3 in manifest.jsonl, formats 1 and 2 in
    manifest.json (`places.name`).
    """
    checker = _Checker(places)
    if not isinstance(manifest, dict):
        raise BundleError(f"{places.name}: must be a JSON object, not {rules.json_type(manifest)}.")
    if manifest.get("format") != rules.FORMAT:
        raise BundleError(f"This is not a model registry bundle: {places.name} has format "
                          f"{json.dumps(manifest.get('format'))}, not \"{rules.FORMAT}\".")
    version = manifest.get("formatVersion")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        checker.fail("formatVersion", "must be a positive whole number")
    if version > rules.FORMAT_VERSION:
        raise newer_format(version)
    in_lines = version > rules.JSON_MANIFEST_FORMAT_VERSION
    if in_lines != (places.name == rules.LINES_MANIFEST):
        raise BundleError(
            f"{places.name} says format {version}, whose manifest is {rules.LINES_MANIFEST}, one line per "
            f"record; {rules.JSON_MANIFEST} holds formats 1 and 2." if in_lines else
            f"{places.name} says format {version}, whose manifest is {rules.JSON_MANIFEST}.")
    checker.object(manifest, "", TOP_FIELDS, TOP_FIELDS[:2] + ("models",))
    if "exportedAt" in manifest:
        checker.check("exportedAt", rules.timestamp_problem(manifest["exportedAt"]))
    if "generator" in manifest:
        generator = manifest["generator"]
        if not isinstance(generator, str) or not 1 <= len(generator) <= rules.MAX_GENERATOR_CHARS:
            checker.fail("generator", f"must be text of 1 to {rules.MAX_GENERATOR_CHARS} characters")
    models = manifest["models"]
    if not isinstance(models, list):
        checker.fail("models", f"must be an array, not {rules.json_type(models)}")
    if len(models) > rules.MAX_MODELS:
        checker.fail("models", f"must hold at most {rules.MAX_MODELS:,} models")
    names, migrated = set(), []
    for i, model in enumerate(models):
        checked = checker.model(model, f"models[{i}]", version)
        if checked["name"] in names:
            checker.fail(f"models[{i}].name", f"{checked['name']} appears more than once in the bundle")
        names.add(checked["name"])
        migrated.append(checked)
    return {**manifest, "formatVersion": rules.FORMAT_VERSION, "models": migrated}


def newer_format(version):
    """The one message for a bundle of a format this package does not know yet."""
    return BundleError(f"This bundle was made by a newer version of the app (format {version}); "
                       f"this package reads formats up to {rules.FORMAT_VERSION}. "
                       "Update the package to read it.")


def check_parameters(parameters, where):
    """A version's parameters by the format's rules (key rules at every depth, 64 KiB, 64 levels)."""
    _Checker(Places("", lambda place: place)).parameters(parameters, where)
