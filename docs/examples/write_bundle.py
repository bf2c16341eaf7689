#!/usr/bin/env python3
"""Write a model registry bundle (format version 1) holding one model with one version.

Copy write_bundle() into a training script, or run this file:

    python3 write_bundle.py --out churn.zip --name churn --version 1.0.0 \\
        --framework sklearn --accuracy 0.91 --metric val_loss=0.2 \\
        --param max_depth=6 --tag team=growth --artifact model.pkl

Then import churn.zip in the registry app. The format is described in docs/bundle-format.md.
Standard library only; Python 3.8 or newer.
"""
import argparse
import datetime
import hashlib
import json
import math
import pathlib
import re
import zipfile

FORMAT = "model-registry-bundle"
FORMAT_VERSION = 1
GENERATOR = "write_bundle.py 1.0"
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


def _zip_info(name, timestamp, compress_type):
    when = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    info = zipfile.ZipInfo(name, date_time=when.astimezone(datetime.timezone.utc).timetuple()[:6])
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16  # rw-r--r-- when unzipped
    return info


def write_bundle(path, model_name, version, metrics=None, parameters=None, tags=None,
                 description='', framework='custom', stage='development', artifact_path=None,
                 custom_metrics=None, *, created_at=None):
    """Write a bundle with one model and one version to `path`; return the manifest written.

    metrics: standard metrics by name (accuracy, precision, recall, f1Score, aucRoc, mse, mae);
    custom_metrics: any other metric name -> number; parameters: a JSON-serialisable dict;
    tags: str -> str; artifact_path: the model file, stored as artifacts/<sha256>;
    created_at: ISO 8601 UTC time (default now), used for every timestamp in the bundle.
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
    if artifact_path is not None:
        artifact_path = pathlib.Path(artifact_path)
        sha256, size = _sha256_and_size(artifact_path)
        entry["artifact"] = {
            "sha256": sha256,
            "size": size,
            "mediaType": "application/octet-stream",
            "filename": artifact_path.name[:255],
        }
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
    # allow_nan=False: NaN and Infinity are not JSON, and the registry refuses them.
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False, allow_nan=False).encode("utf-8")

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(_zip_info("manifest.json", at, zipfile.ZIP_DEFLATED), manifest_bytes)
        if artifact_path is not None:
            info = _zip_info("artifacts/" + sha256, at, zipfile.ZIP_STORED)
            info.file_size = size  # lets zipfile switch to zip64 for artifacts over 4 GiB
            check = hashlib.sha256()
            with open(artifact_path, "rb") as src, zf.open(info, "w") as dst:
                while chunk := src.read(CHUNK_BYTES):
                    check.update(chunk)
                    dst.write(chunk)
            if check.hexdigest() != sha256:
                raise RuntimeError(f"{artifact_path} changed while the bundle was written")
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
    parser = argparse.ArgumentParser(description="Write a one-model, one-version registry bundle.")
    parser.add_argument("--out", required=True, help="the .zip file to write")
    parser.add_argument("--name", required=True, help="model name, e.g. churn-classifier")
    parser.add_argument("--version", required=True, help="SemVer version, e.g. 1.0.0")
    parser.add_argument("--framework", default="custom", choices=FRAMEWORKS)
    parser.add_argument("--stage", default="development", choices=STAGES)
    parser.add_argument("--description", default="", help="Markdown text")
    parser.add_argument("--artifact", help="the model file to include")
    parser.add_argument("--accuracy", type=float)
    parser.add_argument("--metric", action="append", default=[], metavar="NAME=NUMBER",
                        help="a standard or custom metric; repeatable")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=JSON",
                        help="a parameter, its value as JSON (0.01, [64, 32], \"adam\"); repeatable")
    parser.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="repeatable")
    parser.add_argument("--created-at", help="ISO 8601 UTC time for every timestamp (default now)")
    args = parser.parse_args()

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
        write_bundle(args.out, args.name, args.version, metrics=metrics, parameters=params, tags=tags,
                     description=args.description, framework=args.framework, stage=args.stage,
                     artifact_path=args.artifact, custom_metrics=custom, created_at=args.created_at)
    except ValueError as error:
        parser.error(str(error))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
