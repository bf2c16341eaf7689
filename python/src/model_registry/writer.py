"""write_bundle(): many models and versions, each version's files from a folder or given one by one."""
import copy
import datetime
import hashlib
import json
import os
import pathlib
import tempfile
import zipfile

from . import rules
from .errors import BundleError
from .file_paths import app_order, path_problem, paths_problem
from .folders import folder_files, media_type
from .manifest import WRITER_PLACES, check_manifest
from .manifest_lines import write_lines

GENERATOR = "model-registry (Python package)"
CHUNK_BYTES = 1024 * 1024


def _hash_file(path):
    """SHA-256 and size of a file, read in chunks so a large artifact never sits in memory whole."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _version_files(version, where):
    """The (path, source) pairs of a version given as `folder` or `files`, or [] for neither."""
    folder, files = version.get("folder"), version.get("files")
    if folder is not None and files is not None:
        raise BundleError(f"{where}: give folder or files, not both")
    if folder is not None:
        return folder_files(folder)
    if files is None:
        return []
    if not isinstance(files, dict):
        raise BundleError(f"{where}.files: must be a dict of path -> bytes or pathlib.Path, "
                          f"not {type(files).__name__}")
    if not files:
        raise BundleError(f"{where}.files: must hold at least one file, or be left out")
    pairs = []
    for path, source in files.items():
        if isinstance(source, (bytes, bytearray, memoryview)):
            pairs.append((path, bytes(source)))
        elif isinstance(source, os.PathLike):
            source = pathlib.Path(source)
            if not source.is_file():
                raise BundleError(f"{where}.files[{json.dumps(path)}]: {source} is not a file")
            pairs.append((path, source))
        else:  # a str could be a path or content; refuse rather than guess
            raise BundleError(f"{where}.files[{json.dumps(path)}]: must be bytes or a pathlib.Path, "
                              f"not {type(source).__name__}")
    return pairs


def _check_paths(pairs, where):
    """The version's paths by the app's rules, before any file is read: a typo costs no hashing."""
    for path, _ in pairs:
        problem = path_problem(path)
        if problem:
            raise BundleError(f"{where}.files[{json.dumps(path)}]: the path {problem}")
    found = paths_problem(sorted((path for path, _ in pairs), key=app_order))
    if found:  # counted in the order the manifest lists them
        index, _, problem = found
        raise BundleError(f"{where}.files{'' if index is None else f'[{index}].path'}: {problem}")


def _describe(pairs, sources):
    """The manifest's files list for (path, source) pairs; records each new content in `sources`."""
    described = []
    for path, source in sorted(pairs, key=lambda pair: app_order(pair[0])):
        if isinstance(source, bytes):
            sha256, size = hashlib.sha256(source).hexdigest(), len(source)
        else:
            sha256, size = _hash_file(source)
        described.append({"path": path, "sha256": sha256, "size": size, "mediaType": media_type(path)})
        sources.setdefault(sha256, (source, size))
    return described


def _manifest(models, exported_at, generator):
    """The manifest for `models` with every default written out, and sha256 -> (source, size)."""
    if not isinstance(models, (list, tuple)):
        raise BundleError(f"models: must be a list of model dicts, not {type(models).__name__}")
    written, pending = [], []  # pending: (version entry, its files) to hash once the rest is checked
    for i, model in enumerate(models):
        if not isinstance(model, dict):
            raise BundleError(f"models[{i}]: must be a dict, not {type(model).__name__}")
        model = copy.deepcopy({k: v for k, v in model.items() if k != "versions"}) | {
            "versions": list(model.get("versions", ()))}
        created = model.setdefault("createdAt", exported_at)
        model.setdefault("updatedAt", created)
        for field, default in (("description", ""), ("tags", {}), ("aliases", {}), ("history", [])):
            model.setdefault(field, default)
        versions = []
        for j, version in enumerate(model["versions"]):
            where = f"models[{i}].versions[{j}]"
            if not isinstance(version, dict):
                raise BundleError(f"{where}: must be a dict, not {type(version).__name__}")
            pairs = _version_files(version, where)
            entry = copy.deepcopy({k: v for k, v in version.items() if k not in ("folder", "files")})
            for field, default in (("stage", "development"), ("framework", "custom"), ("metrics", {}),
                                   ("parameters", {}), ("tags", {}), ("description", "")):
                entry.setdefault(field, default)
            entry.setdefault("createdAt", model["createdAt"])
            entry.setdefault("updatedAt", entry["createdAt"])
            _check_paths(pairs, where)
            pending.append((entry, pairs))
            versions.append(entry)
        model["versions"] = versions
        written.append(model)
    manifest = {"format": rules.FORMAT, "formatVersion": rules.FORMAT_VERSION, "exportedAt": exported_at,
                "generator": generator, "models": written}
    check_manifest(manifest, WRITER_PLACES)  # every other field, before a byte is read
    sources = {}
    for entry, pairs in pending:
        if pairs:  # a version without files leaves `files` out: an empty list is refused
            entry["files"] = _describe(pairs, sources)
    check_manifest(manifest, WRITER_PLACES)  # and the files, as a reader will see them
    return manifest, sources


def _zip_info(name, when, compress_type):
    # A zip stores local times from 1980 on; the manifest keeps the real time either way.
    stamp = max(when, datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc))
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16  # rw-r--r-- when unzipped
    return info


def _write_artifact(zf, info, source, size, sha256):
    """Copy one content into the zip in chunks, checking it is still the content that was hashed."""
    info.file_size = size
    check = hashlib.sha256()
    # force_zip64: the size is known, but saying so up front keeps a 4 GiB+ entry from failing midway.
    with zf.open(info, "w", force_zip64=True) as dst:
        if isinstance(source, bytes):
            view = memoryview(source)
            for start in range(0, len(view), CHUNK_BYTES):
                dst.write(view[start:start + CHUNK_BYTES])
            check.update(source)
        else:
            with open(source, "rb") as src:
                while chunk := src.read(CHUNK_BYTES):
                    check.update(chunk)
                    dst.write(chunk)
    if check.hexdigest() != sha256:
        raise BundleError(f"{source} changed while the bundle was written; write the bundle again")


def write_bundle(path, models, *, exported_at=None, generator=GENERATOR):
    """Write a format-3 bundle of `models` to `path`, and return the manifest written (a dict).

    models: a list of dicts shaped like the manifest's models (docs/bundle-format.md): ``name`` and
    ``versions`` required; ``description``, ``tags``, ``aliases``, ``metricDirections``, ``history``,
    ``createdAt``, ``updatedAt`` optional. Each version is a dict with ``version`` and optionally
    ``stage``, ``framework``, ``metrics`` (the seven standard names at the top level, any other under
    ``custom``), ``parameters``, ``tags``, ``description``, ``createdAt``, ``updatedAt``, and its files
    as one of:

    - ``folder``: a folder on disk; every file in it, by its path inside the folder;
    - ``files``: ``{path in the version: bytes or pathlib.Path}``.

    exported_at: ISO 8601 time (default now), also the default of every createdAt.

    Every rule of the format is checked before anything is written, and a BundleError names the field
    and the rule. The manifest is written first, as manifest.jsonl, one line at a time (never as one
    string, so a bundle of millions of versions is fine); the dict returned is its content nested by
    model, as manifest.json would hold it, with formatVersion 3. Identical content is stored once;
    artifacts are stored uncompressed and copied in chunks, so files larger than memory (and than
    4 GiB) are fine. The bundle is written to a temporary
    file beside `path` and renamed at the end: `path` is either the whole bundle or untouched.
    """
    exported_at = exported_at or rules.utc_now_iso()
    problem = rules.timestamp_problem(exported_at)
    if problem:
        raise BundleError(f"exportedAt: {problem}")
    manifest, sources = _manifest(models, exported_at, generator)
    when = rules.parse_timestamp(exported_at).astimezone(datetime.timezone.utc)

    target = pathlib.Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            with zipfile.ZipFile(out, "w") as zf:
                # force_zip64: the manifest's size is not known before it is written, and may pass 4 GiB.
                with zf.open(_zip_info(rules.LINES_MANIFEST, when, zipfile.ZIP_DEFLATED), "w",
                             force_zip64=True) as lines:
                    write_lines(lines, manifest)
                for sha256, (source, size) in sources.items():
                    _write_artifact(zf, _zip_info("artifacts/" + sha256, when, zipfile.ZIP_STORED),
                                    source, size, sha256)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise
    return manifest
