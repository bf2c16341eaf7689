"""The field rules of the bundle format (docs/bundle-format.md), shared by the writer and the reader.

Each check returns None when the value is fine, or the sentence saying what is wrong, so a caller can
put the field's place in front of it.
"""
import datetime
import math
import re

FORMAT = "model-registry-bundle"
FORMAT_VERSION = 3
READABLE_FORMATS = (1, 2, 3)
# Format 3 keeps its manifest in manifest.jsonl, one JSON value a line; formats 1 and 2 in manifest.json.
LINES_MANIFEST = "manifest.jsonl"
JSON_MANIFEST = "manifest.json"
JSON_MANIFEST_FORMAT_VERSION = 2

STAGES = ("development", "staging", "production", "archived")
FRAMEWORKS = ("sklearn", "pytorch", "tensorflow", "onnx", "custom")
# The first five are fractions, the last two errors, hence their ranges.
FRACTION_METRICS = ("accuracy", "precision", "recall", "f1Score", "aucRoc")
STANDARD_METRICS = FRACTION_METRICS + ("mse", "mae")

MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
SEMVER = re.compile(  # the regular expression published with SemVer 2.0.0
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
MAX_VERSION_CHARS = 128
ALIAS = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
# `latest` always means the highest version; the other two would reach a JavaScript object's prototype.
RESERVED_ALIASES = ("latest", "constructor", "prototype")
RESERVED_KEYS = ("__proto__", "constructor", "prototype")
TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})")
SHA256 = re.compile(r"[0-9a-f]{64}")

MAX_KEY_CHARS = 128
MAX_TAG_VALUE_CHARS = 4096
MAX_TEXT_BYTES = 64 * 1024  # descriptions and parameters, as UTF-8
MAX_PARAMETER_DEPTH = 64
MAX_EVENT_JSON_BYTES = 1024 * 1024
MAX_GENERATOR_CHARS = 200
MAX_MEDIA_TYPE_CHARS = 255
MAX_SIZE = 2**53 - 1  # the largest integer a JavaScript number holds exactly

# Bounds no real bundle reaches, so a hostile one is refused before it exhausts memory (the app's, in
# src/lib/bundle/format.ts). manifest.json is read whole, so it keeps a cap on its size; manifest.jsonl
# is read a line at a time, so only each line is capped: a version of 10,000 files with the longest
# paths and media types the rules allow is under 60 MiB as a line. The counts are five times a registry
# of 2,000,000 versions, with some four history events a version.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
MAX_LINE_BYTES = 64 * 1024 * 1024
MAX_MODELS = 100_000
MAX_VERSIONS = 10_000_000  # in one bundle, and so in one model
MAX_EVENTS = 50_000_000  # in one bundle, and so of one model
MAX_ENTRIES = MAX_VERSIONS + 1  # the manifest and one artifact a version


def in_words(size):
    """A size as the messages say it: MiB to one decimal from 1 MiB on (300 MiB, 64.5 MiB), bytes below."""
    mib = 1024 * 1024
    if size < mib:
        return f"{size:,} bytes"
    return f"{size / mib:.1f}".removesuffix(".0") + " MiB"


def json_type(value):
    """The JSON name of a value's type, as the app's messages say it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def finite_problem(value):
    if not is_number(value):
        return f"must be a finite number, not {json_type(value)}"
    if not math.isfinite(value):
        return f"must be a finite number, not {value!r}"
    return None


def key_problem(key, max_chars=None):
    """The rule for every key a user names: tag keys, metric names, parameter keys at any depth."""
    if not isinstance(key, str):
        return f"must be text, not {json_type(key)}"
    if key == "" or key.strip() == "":
        return "must not be blank"
    if key in RESERVED_KEYS:
        return f'"{key}" is reserved and cannot be used as a key'
    if max_chars is not None and len(key) > max_chars:
        return f"must be at most {max_chars} characters"
    return None


def timestamp_problem(value):
    if not isinstance(value, str):
        return f"must be a timestamp such as 2026-11-26T10:00:00.000Z, not {json_type(value)}"
    match = TIMESTAMP.fullmatch(value)
    if not match:
        return f'"{value}" is not a timestamp such as 2026-11-26T10:00:00.000Z'
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return f'"{value}" is not a real date and time'
    return None


def semver_problem(value):
    if not isinstance(value, str):
        return f"must be a SemVer version such as 1.0.0, not {json_type(value)}"
    if len(value) > MAX_VERSION_CHARS:
        return f"must be at most {MAX_VERSION_CHARS} characters"
    if not SEMVER.fullmatch(value):
        return f'"{value}" is not a SemVer 2.0.0 version such as 1.0.0 (not 1.0 or v1.0.0)'
    return None


def model_name_problem(value):
    if not isinstance(value, str):
        return f"must be text, not {json_type(value)}"
    if not MODEL_NAME.fullmatch(value):
        return (f'"{value}" is not a model name: 1 to 128 letters, digits, ".", "_" or "-", '
                "starting with a letter or digit")
    return None


def alias_problem(alias):
    if not ALIAS.fullmatch(alias):
        return (f'"{alias}" is not an alias: 1 to 64 letters, digits, "_" or "-", '
                "starting with a letter")
    if alias in RESERVED_ALIASES:
        return f'"{alias}" is reserved and cannot be an alias'
    return None


def utf8_size(text):
    return len(text.encode("utf-8", "surrogatepass"))


def utc_iso(moment):
    """A datetime as the app writes times: UTC, milliseconds, Z (2026-11-26T10:00:00.000Z)."""
    moment = moment.astimezone(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def utc_now_iso():
    return utc_iso(datetime.datetime.now(datetime.timezone.utc))


def iso_of_millis(millis):
    """An MLflow timestamp (milliseconds since 1970) as the app writes times."""
    return utc_iso(datetime.datetime.fromtimestamp(millis / 1000, datetime.timezone.utc))


def parse_timestamp(value):
    """A timestamp that passed timestamp_problem as an aware datetime (fractions past µs dropped)."""
    match = TIMESTAMP.fullmatch(value)
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, zone = match.group(7) or ".0", match.group(8)
    offset = datetime.timedelta(0) if zone == "Z" else (1 if zone[0] == "+" else -1) * datetime.timedelta(
        hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return datetime.datetime(year, month, day, hour, minute, second, int(fraction[1:7].ljust(6, "0")),
                             tzinfo=datetime.timezone(offset))
