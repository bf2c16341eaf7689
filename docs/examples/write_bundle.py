#!/usr/bin/env python3
"""Write a model registry bundle (format version 2) holding one model with one version.

The version's artifact is one file (--artifact) or a whole folder (--folder). Copy write_bundle() into
a training script, or run this file:

    python3 write_bundle.py --out churn.zip --name churn --version 1.0.0 \\
        --framework sklearn --accuracy 0.91 --metric val_loss=0.2 \\
        --param max_depth=6 --tag team=growth --folder mlruns/0/abc123/artifacts/model

Then import churn.zip in the registry app. The format is described in docs/bundle-format.md.
Standard library only; Python 3.8 or newer.

For many models or versions in one bundle, reading bundles back, or moving models to and from MLflow,
install the package in python/ (`pip install ./python`): its write_bundle() takes a list of models,
each with any number of versions, and read_bundle() checks a bundle in full.
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import pathlib
import re
import warnings
import zipfile

FORMAT = "model-registry-bundle"
FORMAT_VERSION = 2
GENERATOR = "write_bundle.py 2.0"
CHUNK_BYTES = 1024 * 1024
STANDARD_METRICS = ("accuracy", "precision", "recall", "f1Score", "aucRoc", "mse", "mae")
# The reference Python registry's spellings, accepted as well.
SNAKE_CASE_METRICS = {"f1_score": "f1Score", "auc_roc": "aucRoc"}
STAGES = ("development", "staging", "production", "archived")
FRAMEWORKS = ("sklearn", "pytorch", "tensorflow", "onnx", "custom")
MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
SEMVER = re.compile(  # the regular expression published with SemVer 2.0.0
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})")
# The limits of a version's files (docs/bundle-format.md, "Files").
MAX_FILES = 10_000
MAX_PATH_CHARS = 1_024
MAX_NAME_CHARS = 255
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DEFAULT_MEDIA_TYPE = "application/octet-stream"
# A fixed table rather than the mimetypes module, whose answers depend on the machine and the Python
# version: the same folder gives the same bundle everywhere. Anything else is plain bytes.
MEDIA_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".md": "text/markdown",
    ".py": "text/x-python",
    ".toml": "application/toml",
    ".tsv": "text/tab-separated-values",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}


def utc_now_iso():
    """The current time as the registry writes it, e.g. 2026-11-26T10:00:00.000Z."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def _finite(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"metric {name} must be a finite number, not {value!r}")
    return value


def _sha256_and_size(path):
    """Hash the file in chunks, so a large artifact never sits in memory whole."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def media_type(path):
    """The mediaType written for a file: by its extension (MEDIA_TYPES), else application/octet-stream."""
    return MEDIA_TYPES.get(os.path.splitext(path.rsplit("/", 1)[-1])[1].lower(), DEFAULT_MEDIA_TYPE)


def path_problem(path):
    """Why `path` is not a file path the registry accepts, or None when it is one."""
    if path == "":
        return "must not be empty"
    if len(path) > MAX_PATH_CHARS:
        return f"must be at most {MAX_PATH_CHARS} characters"
    if CONTROL.search(path):
        return "must not contain control characters"
    if "\\" in path:
        return 'must separate folders with "/", not "\\"'
    if path.startswith("/") or re.match(r"[A-Za-z]:", path):
        return 'must be relative (no leading "/" or drive letter)'
    for name in path.split("/"):
        if name == "":
            return 'must not have an empty folder name ("//" or a trailing "/")'
        if name in (".", ".."):
            return 'must not contain "." or ".." as a folder name'
        if len(name) > MAX_NAME_CHARS:
            return f'must have names of at most {MAX_NAME_CHARS} characters between "/"'
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 on disk
        return "must be valid Unicode (rename the file: its name is not UTF-8)"
    return None


def _app_order(path):
    """The order the app keeps files in: JavaScript's string order, by UTF-16 code unit."""
    return path.encode("utf-16-be", "surrogatepass")


def _inside(path, folder):
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # on another drive
        return False


def folder_files(folder):
    """Every file under `folder` as (relative path with "/", local path), in the app's path order.

    Nothing is left out silently: hidden files are included, a symbolic link is followed when it points
    inside the folder and refused when it points outside it (or nowhere), and anything that is neither a
    file nor a folder is refused. A folder with no files in it cannot be carried (a bundle holds files
    only), so each one is named in a warning.
    """
    root = pathlib.Path(folder)
    if not root.is_dir():
        raise ValueError(f"{folder} is not a folder")
    real_root = os.path.realpath(root)
    found, empty = [], []

    def walk(directory, parts, real_ancestors):
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        if not entries and parts:
            empty.append("/".join(parts) + "/")
        for entry in entries:
            rel = "/".join(parts + [entry.name])
            local = os.path.join(directory, entry.name)
            real = os.path.realpath(local)
            if entry.is_symlink():
                if not _inside(real, real_root):
                    raise ValueError(f"{folder}: {rel} is a symbolic link to {real}, outside the folder; "
                                     "copy what it points to into the folder, or remove the link")
                if not os.path.exists(real):
                    raise ValueError(f"{folder}: {rel} is a symbolic link to {real}, which does not exist")
            if entry.is_dir():  # follows a link, which points inside the folder by now
                if real in real_ancestors:
                    raise ValueError(f"{folder}: {rel} is a symbolic link to a folder that contains it, "
                                     "so the folder has no end")
                walk(local, parts + [entry.name], real_ancestors | {real})
            elif entry.is_file():
                found.append((rel, local))
            else:
                raise ValueError(f"{folder}: {rel} is neither a file nor a folder (a pipe, socket or "
                                 "device); a bundle holds files only")

    walk(root, [], {real_root})
    if empty:
        warnings.warn(f"{folder}: empty folders are left out, as a bundle holds files only: "
                      f"{', '.join(empty)}", stacklevel=2)
    if not found:
        raise ValueError(f"{folder} holds no files; leave the folder out for a version without files")
    return sorted(found, key=lambda item: _app_order(item[0]))


def describe_files(pairs):
    """Hash each (path in the version, local file) pair in 1 MiB chunks.

    Returns the version's `files` list for the manifest (in the app's path order) and `sources`:
    SHA-256 -> one local file with those bytes, so each distinct content is written to the zip once.
    Checks every rule of a version's file paths, and raises ValueError naming the first one broken.
    """
    if len(pairs) > MAX_FILES:
        raise ValueError(f"a version holds at most {MAX_FILES:,} files, not {len(pairs):,}")
    seen = set()
    for path, _ in pairs:
        problem = path_problem(path)
        if problem:
            raise ValueError(f"the file path {path!r} {problem}")
        if path in seen:
            raise ValueError(f"two files have the path {path!r}")
        seen.add(path)
    for path, _ in pairs:
        parts = path.split("/")
        for end in range(1, len(parts)):
            if "/".join(parts[:end]) in seen:
                raise ValueError(f"{path!r} is inside {'/'.join(parts[:end])!r}, which is a file")
    files, sources = [], {}
    for path, local in sorted(pairs, key=lambda pair: _app_order(pair[0])):
        sha256, size = _sha256_and_size(local)
        files.append({"path": path, "sha256": sha256, "size": size, "mediaType": media_type(path)})
        sources.setdefault(sha256, (local, size))
    return files, sources


def _zip_info(name, timestamp, compress_type):
    when = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    info = zipfile.ZipInfo(name, date_time=when.astimezone(datetime.timezone.utc).timetuple()[:6])
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16  # rw-r--r-- when unzipped
    return info


def write_zip(path, manifest, sources, timestamp):
    """Write `manifest` (first, compressed) and each source once as artifacts/<sha256> (uncompressed).

    sources: SHA-256 -> (local file, size), as describe_files returns them (merge several versions'
    sources into one dict to write them into one bundle); timestamp: the entries' modification time.
    """
    # allow_nan=False: NaN and Infinity are not JSON, and the registry refuses them.
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False, allow_nan=False).encode("utf-8")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(_zip_info("manifest.json", timestamp, zipfile.ZIP_DEFLATED), manifest_bytes)
        for sha256, (local, size) in sources.items():
            info = _zip_info("artifacts/" + sha256, timestamp, zipfile.ZIP_STORED)
            info.file_size = size  # lets zipfile switch to zip64 for files over 4 GiB
            check = hashlib.sha256()
            with open(local, "rb") as src, zf.open(info, "w") as dst:
                while chunk := src.read(CHUNK_BYTES):
                    check.update(chunk)
                    dst.write(chunk)
            if check.hexdigest() != sha256:
                raise RuntimeError(f"{local} changed while the bundle was written")


def write_bundle(path, model_name, version, metrics=None, parameters=None, tags=None,
                 description='', framework='custom', stage='development', artifact_path=None,
                 custom_metrics=None, *, created_at=None, folder=None):
    """Write a bundle with one model and one version to `path`; return the manifest written.

    metrics: standard metrics by name (accuracy, precision, recall, f1Score, aucRoc, mse, mae);
    custom_metrics: any other metric name -> number; parameters: a JSON-serialisable dict;
    tags: str -> str; artifact_path: one model file, which becomes a folder of one file named like it;
    folder: a model folder, every file in it by its path relative to the folder (give artifact_path or
    folder, not both; neither for a version without files); each distinct content is stored once as
    artifacts/<sha256>; created_at: ISO 8601 UTC time (default now), used for every timestamp.
    """
    if not MODEL_NAME.fullmatch(model_name):
        raise ValueError(f"{model_name!r} is not a valid model name: 1 to 128 letters, digits, "
                         "'.', '_' or '-', starting with a letter or digit")
    if len(version) > 128 or not SEMVER.fullmatch(version):
        raise ValueError(f"{version!r} is not a SemVer 2.0.0 version such as 1.0.0")
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}")
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {', '.join(FRAMEWORKS)}")
    if artifact_path is not None and folder is not None:
        raise ValueError("give either artifact_path (one file) or folder, not both")

    standard = {}
    for name, value in (metrics or {}).items():
        name = SNAKE_CASE_METRICS.get(name, name)
        if name not in STANDARD_METRICS:
            raise ValueError(f"{name!r} is not a standard metric; pass it in custom_metrics")
        standard[name] = _finite(name, value)
    custom = {}
    for name, value in (custom_metrics or {}).items():
        if name in STANDARD_METRICS or name in SNAKE_CASE_METRICS:
            raise ValueError(f"{name!r} is a standard metric; pass it in metrics")
        custom[name] = _finite(name, value)

    at = created_at or utc_now_iso()
    if not TIMESTAMP.fullmatch(at):
        raise ValueError(f"created_at {at!r} is not like 2026-11-26T10:00:00.000Z")

    if folder is not None:
        pairs = folder_files(folder)
    elif artifact_path is not None:
        artifact_path = pathlib.Path(artifact_path)
        if not artifact_path.is_file():
            raise ValueError(f"{artifact_path} is not a file")
        pairs = [(artifact_path.name[:MAX_NAME_CHARS], artifact_path)]
    else:
        pairs = []
    files, sources = describe_files(pairs)

    entry = {
        "version": version,
        "stage": stage,
        "framework": framework,
        "metrics": {**standard, "custom": custom},
        "parameters": dict(parameters or {}),
        "tags": dict(tags or {}),
        "description": description,
        "createdAt": at,
        "updatedAt": at,
    }
    if files:  # a version without files leaves `files` out: an empty list is refused
        entry["files"] = files
    manifest = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "exportedAt": at,
        "generator": GENERATOR,
        "models": [{
            "name": model_name,
            "description": "",
            "tags": {},
            "createdAt": at,
            "updatedAt": at,
            "aliases": {},
            "versions": [entry],
            "history": [],
        }],
    }
    write_zip(path, manifest, sources, at)
    return manifest


def _pairs(items, parse=str):
    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {item!r}")
        try:
            result[key] = parse(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"{item!r}: {error}") from None
    return result


def main():
    parser = argparse.ArgumentParser(description="Write a one-model, one-version registry bundle "
                                                 "(format version 2).")
    parser.add_argument("--out", required=True, help="the .zip file to write")
    parser.add_argument("--name", required=True, help="model name, e.g. churn-classifier")
    parser.add_argument("--version", required=True, help="SemVer version, e.g. 1.0.0")
    parser.add_argument("--framework", default="custom", choices=FRAMEWORKS)
    parser.add_argument("--stage", default="development", choices=STAGES)
    parser.add_argument("--description", default="", help="Markdown text")
    files = parser.add_mutually_exclusive_group()
    files.add_argument("--artifact", metavar="FILE", help="the model file to include")
    files.add_argument("--folder", metavar="DIR",
                       help="a model folder to include: every file in it, by its path inside DIR")
    parser.add_argument("--accuracy", type=float)
    parser.add_argument("--metric", action="append", default=[], metavar="NAME=NUMBER",
                        help="a standard or custom metric; repeatable")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=JSON",
                        help="a parameter, its value as JSON (0.01, [64, 32], \"adam\"); repeatable")
    parser.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="repeatable")
    parser.add_argument("--created-at", help="ISO 8601 UTC time for every timestamp (default now)")
    args = parser.parse_args()
    warnings.formatwarning = lambda message, *_: f"warning: {message}\n"

    try:
        given = _pairs(args.metric, float)
        params = _pairs(args.param, json.loads)
        tags = _pairs(args.tag)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    if args.accuracy is not None:
        given["accuracy"] = args.accuracy
    metrics = {k: v for k, v in given.items() if SNAKE_CASE_METRICS.get(k, k) in STANDARD_METRICS}
    custom = {k: v for k, v in given.items() if k not in metrics}

    try:
        manifest = write_bundle(args.out, args.name, args.version, metrics=metrics, parameters=params,
                                tags=tags, description=args.description, framework=args.framework,
                                stage=args.stage, artifact_path=args.artifact, custom_metrics=custom,
                                created_at=args.created_at, folder=args.folder)
    except ValueError as error:
        parser.error(str(error))
    count = len(manifest["models"][0]["versions"][0].get("files", []))
    print(f"wrote {args.out} ({count} file{'' if count == 1 else 's'})")


if __name__ == "__main__":
    main()
