"""write_bundle then read_bundle: what goes in comes out, laid out as the format says."""
import hashlib
import json
import pathlib
import zipfile

import pytest

from model_registry import BundleError, read_bundle, write_bundle
from helpers import manifest, raw_bundle

AT = "2026-11-26T10:00:00.000Z"


@pytest.fixture
def model_folder(tmp_path):
    folder = tmp_path / "model"
    (folder / "tokenizer").mkdir(parents=True)
    (folder / "MLmodel").write_text("flavors:\n  sklearn: {}\n")
    (folder / "model.pkl").write_bytes(b"\x80weights" * 100)
    (folder / "tokenizer" / "vocab.json").write_text('{"a": 1}')
    (folder / ".gitattributes").write_text("*.pkl binary\n")
    return folder


def test_round_trip_of_many_models_and_versions(tmp_path, model_folder):
    models = [
        {"name": "churn", "description": "Predicts churn.", "tags": {"team": "growth"},
         "aliases": {"champion": "1.1.0"}, "metricDirections": {"val_loss": "lower"},
         "history": [{"at": AT, "kind": "version.registered", "version": "1.0.0"}],
         "versions": [
             {"version": "1.0.0", "folder": model_folder, "stage": "archived", "framework": "sklearn",
              "metrics": {"accuracy": 0.9, "mse": 3.5, "custom": {"val_loss": 0.2}},
              "parameters": {"max_depth": 6, "layers": [64, 32], "opt": {"name": "adam"}},
              "tags": {"dataset": "2026-10"}, "description": "First."},
             {"version": "1.1.0", "stage": "production",
              "files": {"model.pkl": model_folder / "model.pkl", "notes.txt": b"hello"}},
             {"version": "2.0.0-rc.1"},
         ]},
        {"name": "fraud", "versions": [{"version": "0.1.0", "files": {"w.bin": b"hello"}}]},
    ]
    written = write_bundle(tmp_path / "b.zip", models, exported_at=AT)
    bundle = read_bundle(tmp_path / "b.zip")

    assert bundle.manifest == written
    assert bundle.format_version == 3 and bundle.exported_at == AT
    churn = bundle.model("churn")
    assert (churn.description, churn.tags, churn.aliases) == ("Predicts churn.", {"team": "growth"},
                                                              {"champion": "1.1.0"})
    assert churn.metric_directions == {"val_loss": "lower"} and len(churn.history) == 1
    first = churn.version("1.0.0")
    assert (first.stage, first.framework, first.description) == ("archived", "sklearn", "First.")
    assert first.metrics == {"accuracy": 0.9, "mse": 3.5, "custom": {"val_loss": 0.2}}
    assert first.parameters == {"max_depth": 6, "layers": [64, 32], "opt": {"name": "adam"}}
    # The app's order: by UTF-16 code unit, so capitals and dots first.
    assert [f.path for f in first.files] == [".gitattributes", "MLmodel", "model.pkl", "tokenizer/vocab.json"]
    for file in first.files:
        assert file.read_bytes() == (model_folder / file.path).read_bytes()
        assert file.sha256 == hashlib.sha256(file.read_bytes()).hexdigest()
    assert {f.path: f.media_type for f in first.files}["tokenizer/vocab.json"] == "application/json"
    second = churn.version("1.1.0")
    assert {f.path: f.read_bytes() for f in second.files} == {
        "model.pkl": (model_folder / "model.pkl").read_bytes(), "notes.txt": b"hello"}
    # Defaults are written out, and a version without files has none.
    rc = churn.version("2.0.0-rc.1")
    assert (rc.stage, rc.framework, rc.files, rc.created_at) == ("development", "custom", [], AT)
    assert "files" not in written["models"][0]["versions"][2]
    assert bundle.model("fraud").versions[0].files[0].read_bytes() == b"hello"


def test_layout_manifest_first_deflated_artifacts_stored_once(tmp_path, model_folder):
    write_bundle(tmp_path / "b.zip", [
        {"name": "a", "versions": [{"version": "1.0.0", "folder": model_folder},
                                   {"version": "1.0.1", "files": {"copy.pkl": model_folder / "model.pkl"}}]},
        {"name": "b", "versions": [{"version": "1.0.0", "files": {"x/y.pkl": (model_folder / "model.pkl")
                                                                  .read_bytes()}}]},
    ], exported_at=AT)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        infos = zf.infolist()
    assert infos[0].filename == "manifest.jsonl" and infos[0].compress_type == zipfile.ZIP_DEFLATED
    names = [info.filename for info in infos[1:]]
    # Four distinct contents in the folder; the two copies of model.pkl elsewhere share its entry.
    assert len(names) == len(set(names)) == 4
    assert all(info.compress_type == zipfile.ZIP_STORED for info in infos[1:])
    assert not any(name.endswith("/") for name in names)
    assert all(name.startswith("artifacts/") and len(name) == len("artifacts/") + 64 for name in names)


def test_same_input_same_bytes(tmp_path, model_folder):
    models = [{"name": "m", "versions": [{"version": "1.0.0", "folder": model_folder}]}]
    write_bundle(tmp_path / "1.zip", models, exported_at=AT)
    write_bundle(tmp_path / "2.zip", models, exported_at=AT)
    assert (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()


def test_empty_folders_are_named_in_a_warning(tmp_path, model_folder):
    (model_folder / "empty").mkdir()
    with pytest.warns(UserWarning, match="empty/"):
        write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": [{"version": "1.0.0", "folder": model_folder}]}])


def test_a_link_outside_the_folder_is_refused(tmp_path, model_folder):
    (tmp_path / "secret").write_text("x")
    (model_folder / "link").symlink_to(tmp_path / "secret")
    with pytest.raises(BundleError, match="outside the folder"):
        write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": [{"version": "1.0.0", "folder": model_folder}]}])


def test_format_1_is_read_as_a_folder_of_one_file(tmp_path):
    data = b"weights"
    sha = hashlib.sha256(data).hexdigest()
    raw_bundle(tmp_path / "v1.zip", manifest(
        {"name": "m", "versions": [{"version": "1.0.0", "artifact": {
            "sha256": sha, "size": len(data), "mediaType": "application/octet-stream", "filename": "C:model.pkl"}}]},
        version=1), {f"artifacts/{sha}": data})
    bundle = read_bundle(tmp_path / "v1.zip")
    file, = bundle.models[0].versions[0].files
    assert bundle.format_version == 1 and bundle.manifest["formatVersion"] == 3
    # A name a drive letter could start is kept behind "_", as the app migrates it.
    assert (file.path, file.read_bytes()) == ("_C:model.pkl", data)


def test_format_1_refuses_files_and_format_2_refuses_artifact(tmp_path):
    raw_bundle(tmp_path / "a.zip", manifest({"name": "m", "versions": [{"version": "1.0.0", "files": []}]},
                                            version=1))
    with pytest.raises(BundleError, match=r"models\[0\]\.versions\[0\]\.files: is not a field"):
        read_bundle(tmp_path / "a.zip")
    raw_bundle(tmp_path / "b.zip", manifest({"name": "m", "versions": [{"version": "1.0.0", "artifact": {}}]}))
    with pytest.raises(BundleError, match=r"models\[0\]\.versions\[0\]\.artifact: is not a field"):
        read_bundle(tmp_path / "b.zip")


def test_nothing_half_written(tmp_path, model_folder, monkeypatch):
    import model_registry.writer as writer
    target = tmp_path / "b.zip"
    target.write_bytes(b"the old bundle")

    def fail(*args):
        raise OSError("disk full")
    monkeypatch.setattr(writer, "_write_artifact", fail)
    with pytest.raises(OSError, match="disk full"):
        write_bundle(target, [{"name": "m", "versions": [{"version": "1.0.0", "folder": model_folder}]}])
    assert target.read_bytes() == b"the old bundle"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "model"]


def test_a_refused_input_writes_nothing(tmp_path):
    with pytest.raises(BundleError):
        write_bundle(tmp_path / "b.zip", [{"name": "m", "versions": [{"version": "1.0"}]}])
    assert list(tmp_path.iterdir()) == []


def test_manifest_is_one_json_value_a_line(tmp_path):
    write_bundle(tmp_path / "b.zip", [
        {"name": "m", "history": [{"at": AT, "kind": "version.registered", "version": "1.0.0"}],
         "versions": [{"version": "1.0.0"}, {"version": "1.1.0", "files": {"a.txt": b"a"}}]},
        {"name": "n", "versions": []},
    ], exported_at=AT)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        text = zf.read("manifest.jsonl").decode("utf-8")
    assert text.endswith("\n") and "\n\n" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0] == {"format": "model-registry-bundle", "formatVersion": 3, "exportedAt": AT,
                        "generator": "model-registry (Python package)"}
    assert [list(line) for line in lines[1:]] == [["model"], ["version"], ["version"], ["event"], ["model"]]
    assert lines[1]["model"]["name"] == "m" and "versions" not in lines[1]["model"]
    assert lines[2]["version"]["createdAt"] == AT and "files" not in lines[2]["version"]
    assert lines[3]["version"]["files"][0]["path"] == "a.txt"


FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "bundles"


def test_reads_the_formats_1_and_2_fixtures(tmp_path):
    one = read_bundle(FIXTURES / "valid-python-example.zip")
    assert one.format_version == 1
    assert [(f.path, f.size) for f in one.model("python-model").version("1.0.0").files] == [("model.bin", 4096)]
    two = read_bundle(FIXTURES / "valid-format-2.zip")
    assert two.format_version == 2 and two.model("format-two").aliases == {"champion": "1.1.0"}
    assert [f.path for f in two.model("format-two").version("1.1.0").files] == ["MLmodel", "model/model.pkl"]
    assert len(two.model("format-two").history) == 3
