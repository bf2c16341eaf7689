"""read_bundle refuses hostile and damaged bundles, each with a message saying what is wrong."""
import hashlib
import zipfile

import pytest

from model_registry import BundleError, read_bundle
from helpers import manifest, raw_bundle

DATA = b"model bytes"
SHA = hashlib.sha256(DATA).hexdigest()
FILE = {"path": "model/weights.bin", "sha256": SHA, "size": len(DATA), "mediaType": "application/octet-stream"}


def with_file(**changes):
    return manifest({"name": "m", "versions": [{"version": "1.0.0", "files": [{**FILE, **changes}]}]})


def test_the_good_bundle_these_break_is_read(tmp_path):
    bundle = read_bundle(raw_bundle(tmp_path / "b.zip", with_file(), {f"artifacts/{SHA}": DATA}))
    assert bundle.models[0].versions[0].files[0].read_bytes() == DATA


def test_not_a_zip(tmp_path):
    (tmp_path / "b.zip").write_text('{"format": "model-registry-bundle"}')
    with pytest.raises(BundleError, match="not a readable zip"):
        read_bundle(tmp_path / "b.zip")


def test_a_truncated_zip(tmp_path):
    raw_bundle(tmp_path / "b.zip", with_file(), {f"artifacts/{SHA}": DATA})
    data = (tmp_path / "b.zip").read_bytes()
    (tmp_path / "b.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(BundleError, match="not a readable zip"):
        read_bundle(tmp_path / "b.zip")


@pytest.mark.parametrize("name, message", [
    ("../evil.txt", r'an unsafe path, "\.\./evil\.txt"'),
    ("/etc/passwd", r"an unsafe path"),
    ("artifacts/../../x", r"an unsafe path"),
    ("C:/x", r"an unsafe path"),
    ("notes/readme.txt", r'holds "notes/readme\.txt", which is not part of the format'),
    ("artifacts/", r'holds "artifacts/", which is not part of the format'),
    ("artifacts/" + SHA.upper(), r"which is not part of the format"),
])
def test_entries_not_in_the_format(tmp_path, name, message):
    raw_bundle(tmp_path / "b.zip", with_file(), {f"artifacts/{SHA}": DATA, name: b"x"})
    with pytest.raises(BundleError, match=message):
        read_bundle(tmp_path / "b.zip")


def test_a_backslash_entry_is_unsafe(tmp_path):
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as zf:
        zf.writestr("manifest.json", "{}")
        info = zipfile.ZipInfo("x")
        info.filename = "..\\evil.txt"  # ZipInfo turns \ into / on Windows only; write it as given
        zf.writestr(info, b"x")
    with pytest.raises(BundleError, match="unsafe path"):
        read_bundle(tmp_path / "b.zip")


def test_no_manifest(tmp_path):
    raw_bundle(tmp_path / "b.zip", None, {f"artifacts/{SHA}": DATA})
    with pytest.raises(BundleError, match=r"has no manifest \(manifest\.jsonl, or manifest\.json before format 3\)"):
        read_bundle(tmp_path / "b.zip")


@pytest.mark.parametrize("text, message", [
    ("{not json", r"manifest\.json is not valid JSON"),
    ('{"format": "model-registry-bundle", "formatVersion": 2, "models": [], "x": NaN}', "not valid JSON"),
    ('{"format": "something-else", "formatVersion": 2, "models": []}', r'has format "something-else", not'),
    ('{"format": "model-registry-bundle", "formatVersion": 4, "models": []}',
     r"made by a newer version of the app \(format 4\); this package reads formats up to 3"),
    ('{"format": "model-registry-bundle", "formatVersion": 3, "models": []}',
     r"manifest\.json says format 3, whose manifest is manifest\.jsonl, one line per record"),
    ('{"format": "model-registry-bundle", "formatVersion": "2", "models": []}',
     "formatVersion: must be a positive whole number"),
    ('{"format": "model-registry-bundle", "formatVersion": 2, "models": [{"name": "m", "versions": [], '
     '"colour": "red"}]}', r"manifest\.json: models\[0\]\.colour: is not a field of the bundle format"),
    ('[]', "must be a JSON object"),
])
def test_bad_manifests(tmp_path, text, message):
    raw_bundle(tmp_path / "b.zip", text)
    with pytest.raises(BundleError, match=message):
        read_bundle(tmp_path / "b.zip")


def test_a_huge_manifest_is_refused_before_it_is_read(tmp_path):
    # 257 MiB of spaces deflate to a few hundred KiB: written in chunks, never held in memory.
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as zf:
        with zf.open(zipfile.ZipInfo("manifest.json"), "w", force_zip64=True) as f:
            chunk = b" " * 2**20
            for _ in range(257):
                f.write(chunk)
    with pytest.raises(BundleError, match=r"manifest\.json is 257 MiB; the most a bundle's manifest may be is 256 MiB"):
        read_bundle(tmp_path / "b.zip")


def test_a_path_breaking_a_rule(tmp_path):
    raw_bundle(tmp_path / "b.zip", with_file(path="model/../../etc/passwd"), {f"artifacts/{SHA}": DATA})
    with pytest.raises(BundleError, match=r'versions\[0\]\.files\[0\]\.path: must not contain "\." or "\.\."'):
        read_bundle(tmp_path / "b.zip")


def test_empty_files_list(tmp_path):
    raw_bundle(tmp_path / "b.zip", manifest({"name": "m", "versions": [{"version": "1.0.0", "files": []}]}))
    with pytest.raises(BundleError, match=r"files: must list at least one file, or be left out"):
        read_bundle(tmp_path / "b.zip")


def test_file_missing(tmp_path):
    raw_bundle(tmp_path / "b.zip", with_file())
    with pytest.raises(BundleError, match=r"The file model/weights\.bin of m:1\.0\.0 is missing from the bundle"):
        read_bundle(tmp_path / "b.zip")


def test_artifact_not_referenced(tmp_path):
    other = hashlib.sha256(b"other").hexdigest()
    raw_bundle(tmp_path / "b.zip", with_file(), {f"artifacts/{SHA}": DATA, f"artifacts/{other}": b"other"})
    with pytest.raises(BundleError, match=f"holds artifacts/{other}, which no version refers to"):
        read_bundle(tmp_path / "b.zip")


def test_wrong_size(tmp_path):
    raw_bundle(tmp_path / "b.zip", with_file(size=99), {f"artifacts/{SHA}": DATA})
    with pytest.raises(BundleError, match=r"declared as 99 bytes, but the bundle holds 11 bytes"):
        read_bundle(tmp_path / "b.zip")


def test_wrong_bytes(tmp_path):
    raw_bundle(tmp_path / "b.zip", with_file(), {f"artifacts/{SHA}": b"model byteZ"})
    with pytest.raises(BundleError, match=r"The artifact for m:1\.0\.0 \(model/weights\.bin\) does not match its SHA-256"):
        read_bundle(tmp_path / "b.zip")


def test_an_entry_twice(tmp_path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        raw_bundle(tmp_path / "b.zip", with_file(), {f"artifacts/{SHA}": DATA})
        with zipfile.ZipFile(tmp_path / "b.zip", "a") as zf:
            zf.writestr(f"artifacts/{SHA}", DATA)
    with pytest.raises(BundleError, match="more than once"):
        read_bundle(tmp_path / "b.zip")


def test_an_encrypted_entry(tmp_path):
    raw_bundle(tmp_path / "b.zip", with_file(), {f"artifacts/{SHA}": DATA})
    data = bytearray((tmp_path / "b.zip").read_bytes())
    # Set the "encrypted" flag in the artifact's central directory header.
    at = data.rfind(b"PK\x01\x02")
    data[at + 8] |= 0x1
    (tmp_path / "b.zip").write_bytes(bytes(data))
    with pytest.raises(BundleError, match="is encrypted"):
        read_bundle(tmp_path / "b.zip")
