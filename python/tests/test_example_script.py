"""docs/examples/write_bundle.py, the standalone example people copy, still writes bundles we read."""
import pathlib
import subprocess
import sys

from model_registry import read_bundle

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "examples" / "write_bundle.py"
AT = "2026-11-26T10:00:00.000Z"


def run(*args):
    return subprocess.run([sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, timeout=60)


def test_folder(tmp_path):
    folder = tmp_path / "model"
    (folder / "sub").mkdir(parents=True)
    (folder / "MLmodel").write_text("flavors: {}\n")
    (folder / "sub" / "w.bin").write_bytes(b"weights")
    result = run("--out", str(tmp_path / "churn.zip"), "--name", "churn", "--version", "1.0.0",
                 "--framework", "sklearn", "--accuracy", "0.91", "--metric", "val_loss=0.2",
                 "--param", "max_depth=6", "--tag", "team=growth", "--folder", str(folder), "--created-at", AT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {tmp_path / 'churn.zip'} (2 files)\n"
    version = read_bundle(tmp_path / "churn.zip").model("churn").version("1.0.0")
    assert (version.framework, version.created_at) == ("sklearn", AT)
    assert version.metrics == {"accuracy": 0.91, "custom": {"val_loss": 0.2}}
    assert (version.parameters, version.tags) == ({"max_depth": 6}, {"team": "growth"})
    assert {f.path: f.read_bytes() for f in version.files} == {"MLmodel": b"flavors: {}\n", "sub/w.bin": b"weights"}


def test_one_artifact(tmp_path):
    (tmp_path / "model.onnx").write_bytes(b"onnx")
    result = run("--out", str(tmp_path / "m.zip"), "--name", "m", "--version", "2.0.0",
                 "--artifact", str(tmp_path / "model.onnx"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {tmp_path / 'm.zip'} (1 file)\n"
    file, = read_bundle(tmp_path / "m.zip").models[0].versions[0].files
    assert (file.path, file.read_bytes()) == ("model.onnx", b"onnx")


def test_refusal(tmp_path):
    result = run("--out", str(tmp_path / "m.zip"), "--name", "m", "--version", "1.0")
    assert result.returncode == 2 and "is not a SemVer 2.0.0 version" in result.stderr
    assert not (tmp_path / "m.zip").exists()
