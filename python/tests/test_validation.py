"""write_bundle refuses what the format refuses, naming the field and the rule."""
import math

import pytest

from model_registry import BundleError, write_bundle


def one_version(**version):
    return [{"name": "m", "versions": [{"version": "1.0.0", **version}]}]


@pytest.mark.parametrize("models, message", [
    ([{"name": "-bad", "versions": []}], r'models\[0\]\.name: "-bad" is not a model name'),
    ([{"name": "m", "versions": [{"version": "v1.0.0"}]}], r"versions\[0\]\.version: \"v1\.0\.0\" is not a SemVer"),
    ([{"name": "m", "versions": [{"version": "1.0"}]}], r"is not a SemVer 2\.0\.0 version"),
    (one_version(stage="live"), r"versions\[0\]\.stage: must be one of development, staging, production, archived"),
    (one_version(framework="jax"), r"versions\[0\]\.framework: must be one of sklearn"),
    (one_version(metrics={"accuracy": math.nan}), r"metrics\.accuracy: must be a finite number, not nan"),
    (one_version(metrics={"custom": {"loss": math.inf}}), r"metrics\.custom\.loss: must be a finite number"),
    (one_version(metrics={"accuracy": "0.9"}), r"metrics\.accuracy: must be a finite number, not a string"),
    (one_version(metrics={"accuracy": True}), r"metrics\.accuracy: must be a finite number, not a boolean"),
    (one_version(metrics={"accuracy": 1.5}), r"metrics\.accuracy: must be between 0 and 1"),
    (one_version(metrics={"mse": -1}), r"metrics\.mse: must be 0 or more"),
    (one_version(metrics={"val_loss": 0.2}), r"metrics\.val_loss: is not a field of the bundle format"),
    (one_version(metrics={"custom": {"accuracy": 0.2}}), r"metrics\.custom\.accuracy: is a standard metric"),
    (one_version(tags={"team": 1}), r"tags\.team: must be text, not a number"),
    (one_version(tags={" ": "x"}), r'tags\[" "\]: must not be blank'),
    (one_version(tags={"__proto__": "x"}), r'"__proto__" is reserved'),
    (one_version(tags={"k" * 129: "x"}), r"must be at most 128 characters"),
    (one_version(parameters={"lr": math.nan}), r"parameters\.lr: must be a finite number"),
    (one_version(parameters={"a": {"constructor": 1}}), r'parameters\.a\["constructor"\]: "constructor" is reserved'),
    (one_version(colour="red"), r"versions\[0\]\.colour: is not a field of the bundle format \(allowed: version"),
    (one_version(createdAt="2026-02-30T10:00:00Z"), r"createdAt: \"2026-02-30T10:00:00Z\" is not a real date"),
    (one_version(createdAt="2026-01-01"), r"createdAt: \"2026-01-01\" is not a timestamp"),
    (one_version(files={}), r"versions\[0\]\.files: must hold at least one file"),
    (one_version(files={"a.bin": "text"}), r'files\["a\.bin"\]: must be bytes or a pathlib\.Path, not str'),
    (one_version(files={"../a.bin": b""}), r'files\["\.\./a\.bin"\]: the path must not contain "\." or "\.\."'),
    (one_version(files={"/a.bin": b""}), r"must be relative"),
    (one_version(files={"C:a.bin": b""}), r"must be relative"),
    (one_version(files={"a\\b": b""}), r'must separate folders with "/"'),
    (one_version(files={"a//b": b""}), r"must not have an empty folder name"),
    (one_version(files={"a/": b""}), r"must not have an empty folder name"),
    (one_version(files={"a\nb": b""}), r"must not contain control characters"),
    (one_version(files={"x" * 1025: b""}), r"must be at most 1,024 characters"),
    (one_version(files={"x" * 256: b""}), r"names of at most 255 characters"),
    (one_version(files={"model": b"1", "model/w.bin": b"2"}),
     r'files\[1\]\.path: "model/w\.bin" is inside "model", which is a file \(file 1\)'),
    (one_version(files={f"f{i}": b"" for i in range(10_001)}), r"files: must hold at most 10,000 files"),
    ([{"name": "m", "versions": [{"version": "1.0.0"}, {"version": "1.0.0"}]}],
     r"versions\[1\]\.version: 1\.0\.0 appears more than once in m"),
    ([{"name": "m", "versions": [{"version": "1.0.0", "stage": "production"},
                                 {"version": "1.1.0", "stage": "production"}]}],
     r"1\.0\.0 and 1\.1\.0 are all in production"),
    ([{"name": "m", "aliases": {"champion": "9.9.9"}, "versions": [{"version": "1.0.0"}]}],
     r"aliases\.champion: points at 9\.9\.9, which is not a version of m"),
    ([{"name": "m", "aliases": {"latest": "1.0.0"}, "versions": [{"version": "1.0.0"}]}], r'"latest" is reserved'),
    ([{"name": "m", "versions": []}, {"name": "m", "versions": []}], r"models\[1\]\.name: m appears more than once"),
    ([{"name": "m", "description": "x" * 70_000, "versions": []}], r"description: must be at most 64 KiB"),
])
def test_refused_with_field_and_rule(tmp_path, models, message):
    with pytest.raises(BundleError, match=message):
        write_bundle(tmp_path / "b.zip", models)
    assert not (tmp_path / "b.zip").exists()


def test_folder_and_files_together_are_refused(tmp_path):
    with pytest.raises(BundleError, match="give folder or files, not both"):
        write_bundle(tmp_path / "b.zip", one_version(folder=tmp_path, files={"a": b""}))


def test_a_bundle_error_is_a_value_error():
    assert issubclass(BundleError, ValueError)


def test_other_fields_are_checked_before_any_file_is_read(tmp_path, monkeypatch):
    import model_registry.writer as writer

    def no_reading(path):
        raise AssertionError(f"{path} was read")
    monkeypatch.setattr(writer, "_hash_file", no_reading)
    (tmp_path / "big.bin").write_bytes(b"x")
    with pytest.raises(BundleError, match=r"versions\[1\]\.version"):
        write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": [
            {"version": "1.0.0", "files": {"big.bin": tmp_path / "big.bin"}}, {"version": "1.0"}]}])
