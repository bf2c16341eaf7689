"""read_bundle(): a bundle checked in full — zip, manifest and every artifact's size and SHA-256.

The manifest is manifest.jsonl (format 3), read a line at a time, or manifest.json (formats 1 and 2),
read whole under a size cap.
"""
import dataclasses
import hashlib
import json
import pathlib
import re
import zipfile

from . import rules
from .errors import BundleError
from .file_paths import app_order
from .manifest import JSON_PLACES, check_manifest
from .manifest_lines import read_lines

ARTIFACT_ENTRY = re.compile(r"artifacts/([0-9a-f]{64})")
CHUNK_BYTES = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class BundleFile:
    """One file of a version: its path in the version's folder, and where its bytes are."""

    path: str
    sha256: str
    size: int
    media_type: str
    bundle_path: pathlib.Path = dataclasses.field(repr=False, compare=False)

    def open(self):
        """A binary file object streaming the bytes out of the bundle; use it in a `with`."""
        zf = zipfile.ZipFile(self.bundle_path)
        try:
            # The entry keeps the zip file open until it is closed itself.
            return zf.open("artifacts/" + self.sha256)
        finally:
            zf.close()

    def read_bytes(self):
        """The whole file in memory: fine for small files; use open() for big ones."""
        with self.open() as f:
            return f.read()


@dataclasses.dataclass
class Version:
    """A version, every default filled in. metrics is shaped as in the manifest (``custom`` inside)."""

    version: str
    stage: str
    framework: str
    metrics: dict
    parameters: dict
    tags: dict
    description: str
    created_at: str
    updated_at: str
    files: list  # of BundleFile, in the app's path order; empty for a version without files


@dataclasses.dataclass
class Model:
    name: str
    description: str
    tags: dict
    created_at: str
    updated_at: str
    aliases: dict  # alias -> version string
    metric_directions: dict
    versions: list  # of Version, in the bundle's order
    history: list  # of event dicts, as in the manifest

    def version(self, version):
        """The Version with this version string."""
        for candidate in self.versions:
            if candidate.version == version:
                return candidate
        raise KeyError(f"{self.name} has no version {version}")


@dataclasses.dataclass
class Bundle:
    """What read_bundle returns. manifest is the checked manifest, nested by model as manifest.json holds
    it, migrated to format 3 (formatVersion 3, each version's files in `files`)."""

    format_version: int  # as written: 1, 2 or 3 (formats 1 and 2 are migrated when read)
    exported_at: str
    generator: str
    models: list  # of Model
    manifest: dict = dataclasses.field(repr=False)

    def model(self, name):
        for candidate in self.models:
            if candidate.name == name:
                return candidate
        raise KeyError(f"the bundle has no model {name}")


MANIFESTS = (rules.LINES_MANIFEST, rules.JSON_MANIFEST)


def _entries(zf):
    """The zip's entries by name, after the checks made before anything is parsed."""
    infos = zf.infolist()
    if len(infos) > rules.MAX_ENTRIES:
        raise BundleError(f"The bundle holds {len(infos):,} entries; a bundle holds at most "
                          f"{rules.MAX_ENTRIES:,} (a manifest and {rules.MAX_ENTRIES - 1:,} artifacts).")
    entries = {}
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or "\\" in name or ".." in parts or re.match(r"[A-Za-z]:", name):
            raise BundleError(f"The bundle holds an entry with an unsafe path, {json.dumps(name)}; "
                              "bundles never do.")
        if name not in MANIFESTS and not ARTIFACT_ENTRY.fullmatch(name):
            raise BundleError(f"The bundle holds {json.dumps(name)}, which is not part of the format "
                              "(only manifest.jsonl or manifest.json, and artifacts/<sha256>).")
        if name in entries:
            raise BundleError(f"The bundle holds {json.dumps(name)} more than once.")
        if info.flag_bits & 0x1:
            raise BundleError(f"The bundle's entry {name} is encrypted; bundles never are.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(f"The bundle's entry {name} is compressed with method {info.compress_type}; "
                              "bundles use STORED or DEFLATE only.")
        entries[name] = info
    if all(manifest in entries for manifest in MANIFESTS):
        # Which one is the manifest is not for the reader to guess.
        raise BundleError("The bundle holds both manifest.jsonl and manifest.json; a bundle has one manifest "
                          "(manifest.jsonl from format 3 on, manifest.json before).")
    return entries


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON value")


def _manifest_of(zf, entries):
    """The manifest, nested by model, and the Places that name where each of its fields came from."""
    if rules.LINES_MANIFEST in entries:
        with zf.open(entries[rules.LINES_MANIFEST]) as f:
            return read_lines(f)
    info = entries.get(rules.JSON_MANIFEST)
    if info is None:
        raise BundleError("The bundle has no manifest (manifest.jsonl, or manifest.json before format 3), "
                          "so it is not a registry bundle.")
    if info.file_size > rules.MAX_MANIFEST_BYTES:
        raise BundleError(f"manifest.json is {rules.in_words(info.file_size)}; the most a bundle's "
                          f"manifest may be is {rules.in_words(rules.MAX_MANIFEST_BYTES)}.")
    # Read one byte past the bound, so a header that understates the size cannot get past it.
    with zf.open(info) as f:
        data = f.read(rules.MAX_MANIFEST_BYTES + 1)
    if len(data) > rules.MAX_MANIFEST_BYTES:
        raise BundleError(f"manifest.json is over {rules.in_words(rules.MAX_MANIFEST_BYTES)}, the most a "
                          "bundle's manifest may be.")
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_refuse_constant), JSON_PLACES
    except (UnicodeDecodeError, ValueError) as error:
        raise BundleError(f"manifest.json is not valid JSON: {error}") from None


def _check_artifacts(zf, entries, manifest):
    """Every file's entry there with its size and SHA-256; every artifact entry referenced."""
    first_use = {}  # sha256 -> (model:version, path) of the first file with those bytes
    for model in manifest["models"]:
        for version in model["versions"]:
            owner = f"{model['name']}:{version['version']}"
            for file in version.get("files", ()):
                name = "artifacts/" + file["sha256"]
                info = entries.get(name)
                if info is None:
                    raise BundleError(f"The file {file['path']} of {owner} is missing from the bundle "
                                      f"({name}).")
                if info.file_size != file["size"]:
                    raise BundleError(f"The file {file['path']} of {owner} is declared as {file['size']:,} "
                                      f"bytes, but the bundle holds {info.file_size:,} bytes.")
                first_use.setdefault(file["sha256"], (owner, file["path"]))
    for name in entries:
        match = ARTIFACT_ENTRY.fullmatch(name)
        if match and match.group(1) not in first_use:
            raise BundleError(f"The bundle holds {name}, which no version refers to.")
    for sha256, (owner, path) in first_use.items():
        digest, size = hashlib.sha256(), 0
        try:
            with zf.open(entries["artifacts/" + sha256]) as f:
                while chunk := f.read(CHUNK_BYTES):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BundleError(f"The artifact for {owner} ({path}) cannot be read; the bundle is "
                              f"damaged: {error}") from None
        if digest.hexdigest() != sha256 or size != entries["artifacts/" + sha256].file_size:
            raise BundleError(f"The artifact for {owner} ({path}) does not match its SHA-256; "
                              "the bundle is damaged.")


def read_bundle(path):
    """Read the bundle at `path`, check every rule of the format, and return a Bundle.

    Formats 3, 2 and 1 are read: format 3's manifest.jsonl a line at a time (each line at most 64 MiB,
    however long the whole), formats 1 and 2's manifest.json whole (at most 256 MiB); format 1 is
    migrated (each version's one `artifact` becomes a folder of one file). Every artifact is read once
    to check its size and SHA-256, so a returned Bundle is sound.
    Defaults are filled in (exportedAt: the time of reading, when the bundle has none). Files are not
    loaded: each BundleFile opens its bytes from the zip on demand. Anything wrong raises BundleError.
    """
    path = pathlib.Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BundleError(f"This file is not a readable zip, so not a bundle (it may be truncated or "
                          f"damaged): {error}") from None
    with zf:
        entries = _entries(zf)
        try:
            raw, places = _manifest_of(zf, entries)
            manifest = check_manifest(raw, places)
            _check_artifacts(zf, entries, manifest)
        except (zipfile.BadZipFile, EOFError) as error:
            raise BundleError(f"This file is not a readable zip, so not a bundle (it may be truncated "
                              f"or damaged): {error}") from None
    return _bundle(manifest, raw["formatVersion"], path)


def _bundle(manifest, format_version, path):
    exported_at = manifest.get("exportedAt") or rules.utc_now_iso()
    models = []
    for model in manifest["models"]:
        created = model.get("createdAt", exported_at)
        versions = []
        for version in model["versions"]:
            version_created = version.get("createdAt", exported_at)
            files = [BundleFile(f["path"], f["sha256"], f["size"], f["mediaType"], path)
                     for f in sorted(version.get("files", ()), key=lambda f: app_order(f["path"]))]
            versions.append(Version(
                version=version["version"], stage=version.get("stage", "development"),
                framework=version.get("framework", "custom"), metrics=version.get("metrics", {}),
                parameters=version.get("parameters", {}), tags=version.get("tags", {}),
                description=version.get("description", ""), created_at=version_created,
                updated_at=version.get("updatedAt", version_created), files=files))
        models.append(Model(
            name=model["name"], description=model.get("description", ""), tags=model.get("tags", {}),
            created_at=created, updated_at=model.get("updatedAt", created),
            aliases=model.get("aliases", {}), metric_directions=model.get("metricDirections", {}),
            versions=versions, history=model.get("history", [])))
    return Bundle(format_version=format_version, exported_at=exported_at,
                  generator=manifest.get("generator", "unknown"), models=models, manifest=manifest)
