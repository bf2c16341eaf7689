"""Format 3's manifest.jsonl: one JSON value a line, read and written a line at a time.

Line 1 is the header ({"format": ..., "formatVersion": 3, "exportedAt": ..., "generator": ...}); then each
model is a line {"model": {...its own fields...}}, followed by its versions, {"version": {...}} each, then
its history events, {"event": {...}} each. Reading puts the lines back together as the nested manifest
check_manifest judges (as manifest.json holds it), with Places that name each field's line; only the line
structure is judged here. Neither side holds the manifest as one string: reading holds one line at a
time (ZipExtFile.readline, with a limit), writing encodes one line at a time.
"""
import json

from . import rules
from .errors import BundleError
from .manifest import Places, newer_format

HEADER_FIELDS = ("format", "formatVersion", "exportedAt", "generator")
RECORD_KINDS = ("model", "version", "event")
HEADER_EXAMPLE = f'{{"format": "{rules.FORMAT}", "formatVersion": {rules.FORMAT_VERSION}, …}}'
NAME = rules.LINES_MANIFEST
BLANK = " \t\r"


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON value")


def _type(value):
    return "an object" if isinstance(value, dict) else rules.json_type(value)


def _keys(value):
    if not value:
        return "an empty object"
    shown = ", ".join(json.dumps(key if len(key) <= 40 else key[:40] + "…") for key in list(value)[:5])
    return f"an object with the keys {shown}{', …' if len(value) > 5 else ''}"


def _kind(value):
    return next(iter(value)) if len(value) == 1 and next(iter(value)) in RECORD_KINDS else None


class _Assembler:
    """Takes the lines one by one; builds the nested manifest and the line of each record."""

    def __init__(self, max_models, max_versions, max_events):
        self.header = None
        self.models = []
        self.lines = []  # per model: (its line, [each version's line], [each event's line])
        self.versions = self.events = 0
        self.max_models, self.max_versions, self.max_events = max_models, max_versions, max_events

    @staticmethod
    def fail(number, rule):
        return BundleError(f"{NAME} line {number}: {rule}.")

    @staticmethod
    def not_a_record(number, what):
        return BundleError(f"{NAME} line {number} is {what}.")

    def accept(self, text, number):
        if text.strip(BLANK) == "":
            raise self.not_a_record(number, "blank; every line holds one JSON object (only a newline at the "
                                            "end of the last line may follow it)")
        try:
            value = json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise self.not_a_record(number, f"not valid JSON: {error}") from None
        if not isinstance(value, dict):
            raise self.not_a_record(number, f"{_type(value)}, not a JSON object")
        if number == 1:
            return self.accept_header(value)
        if "format" in value:
            raise self.fail(number, "a header line; the header is line 1, and only line 1")
        kind = _kind(value)
        if kind is None:
            raise self.fail(number, 'a line must be {"model": …}, {"version": …} or {"event": …}, '
                                    f"not {_keys(value)}")
        getattr(self, f"accept_{kind}")(value[kind], number)
        return None

    def accept_header(self, value):
        if "format" not in value:
            kind = _kind(value)
            raise self.fail(1, f"the first line must be the header, {HEADER_EXAMPLE}, "
                               f"not {f'an {kind} line' if kind == 'event' else f'a {kind} line' if kind else _keys(value)}")
        if value["format"] != rules.FORMAT:
            raise BundleError(f"This is not a model registry bundle: {NAME} line 1 has format "
                              f"{json.dumps(value['format'])}, not \"{rules.FORMAT}\".")
        version = value.get("formatVersion")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail(1, "formatVersion must be a whole number, 1 or more")
        if version > rules.FORMAT_VERSION:
            raise newer_format(version)
        if version < rules.FORMAT_VERSION:
            raise self.fail(1, f"formatVersion is {version}, but formats 1 and 2 keep their manifest in "
                               f"{rules.JSON_MANIFEST}, one JSON document; {NAME} holds format "
                               f"{rules.FORMAT_VERSION}")
        for key in value:
            if key not in HEADER_FIELDS:
                raise self.fail(1, f"{key} is not a field of the header (allowed: {', '.join(HEADER_FIELDS)}); "
                                   "models, versions and events are lines of their own")
        self.header = value

    def accept_model(self, value, number):
        if not isinstance(value, dict):
            raise self.fail(number, f"model must be an object, not {_type(value)}")
        for key, lines in (("versions", "versions are the version"), ("history", "history is the event")):
            if key in value:
                raise self.fail(number, f"model.{key} is not a field of a model line; a model's {lines} "
                                        "lines after it")
        if len(self.models) >= self.max_models:
            raise self.fail(number, f"the bundle holds more than {self.max_models:,} models; no real bundle "
                                    "has that many")
        self.models.append({**value, "versions": [], "history": []})
        self.lines.append((number, [], []))

    def accept_version(self, value, number):
        if not self.models:
            raise self.fail(number, "a version line must follow a model line")
        model, (model_line, versions, events) = self.models[-1], self.lines[-1]
        if model["history"]:
            raise self.fail(number, f"a version line must come before its model's event lines (the model on "
                                    f"line {model_line} has one on line {events[0]})")
        self.versions += 1
        if self.versions > self.max_versions:
            raise self.fail(number, f"the bundle holds more than {self.max_versions:,} versions; no real "
                                    "bundle has that many")
        model["versions"].append(value)
        versions.append(number)

    def accept_event(self, value, number):
        if not self.models:
            raise self.fail(number, "an event line must follow a model line")
        self.events += 1
        if self.events > self.max_events:
            raise self.fail(number, f"the bundle holds more than {self.max_events:,} history events; no real "
                                    "bundle has that many")
        self.models[-1]["history"].append(value)
        self.lines[-1][2].append(number)

    def finish(self):
        if self.header is None:
            raise BundleError(f"{NAME} is empty; its line 1 must be the header, {HEADER_EXAMPLE}.")
        return {**self.header, "models": self.models}, Places(NAME, self.place)

    def place(self, where):
        """A field of the nested manifest (models[2].versions[5].stage) as the line it came from."""
        if not where.startswith("models["):
            return f"{NAME} line 1: {where}"
        index, _, rest = where[len("models["):].partition("]")
        model_line, versions, events = self.lines[int(index)]
        for field, kind, lines in ((".versions", "version", versions), (".history", "event", events)):
            if rest == field:
                return f"{NAME}, the {kind} lines of the model on line {model_line}"
            if rest.startswith(field + "["):
                item, _, inner = rest[len(field) + 1:].partition("]")
                return f"{NAME} line {lines[int(item)]}: {kind}{inner}"
        return f"{NAME} line {model_line}: model{rest}"


def read_lines(f, *, max_line_bytes=None, max_models=None, max_versions=None, max_events=None):
    """Read manifest.jsonl from the binary file `f` a line at a time.

    Returns the nested manifest (as manifest.json would hold it) and the Places naming each field's line.
    A line ends at "\\n" or "\\r\\n"; the last may have no newline; a byte-order mark may start line 1;
    a blank line is refused. Each line is at most max_line_bytes before its newline (default 64 MiB),
    and no more is read of a line that is longer. Raises BundleError naming the line and the rule.
    """
    cap = max_line_bytes or rules.MAX_LINE_BYTES
    assembler = _Assembler(max_models or rules.MAX_MODELS, max_versions or rules.MAX_VERSIONS,
                           max_events or rules.MAX_EVENTS)
    number = 0
    while raw := f.readline(cap + 1):
        number += 1
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        elif len(raw) > cap:
            raise BundleError(f"{NAME} line {number} is longer than {rules.in_words(cap)}, the most one line may be.")
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BundleError(f"{NAME} line {number} is not valid UTF-8 text.") from None
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        assembler.accept(text, number)
    return assembler.finish()


def manifest_lines(manifest):
    """The lines of a nested manifest (format 3's header fields, and models with versions and history)."""
    yield {key: manifest[key] for key in HEADER_FIELDS if key in manifest}
    for model in manifest["models"]:
        yield {"model": {key: value for key, value in model.items() if key not in ("versions", "history")}}
        for version in model["versions"]:
            yield {"version": version}
        for event in model.get("history", ()):
            yield {"event": event}


def write_lines(f, manifest):
    """Write the manifest to the binary file `f` as manifest.jsonl, encoding one line at a time.

    A line over the cap is refused (BundleError naming the record) rather than written into a bundle no
    reader would accept.
    """
    model = ""
    for line in manifest_lines(manifest):
        # allow_nan=False: NaN and Infinity are not JSON (refused by the checks already; the last guard).
        data = json.dumps(line, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        if "model" in line:
            model = line["model"].get("name", "")
        if len(data) > rules.MAX_LINE_BYTES:
            what = (f"Version {line['version']['version']} of {model}" if "version" in line else
                    f"A history event of {model} ({line['event']['kind']})" if "event" in line else
                    f"The model {model}")
            raise BundleError(f"{what} takes {rules.in_words(len(data))} as a line of {NAME}; a line may be "
                              f"at most {rules.in_words(rules.MAX_LINE_BYTES)}, so no bundle can carry it.")
        f.write(data + b"\n")
