"""Bundles through a real MLflow server and back: bundle-to-mlflow, then mlflow-to-bundle."""
import subprocess

import pytest

from model_registry import read_bundle, write_bundle
from model_registry.mlflow import bundle_to_mlflow, mlflow_to_bundle
from model_registry.mlflow.pull import parameter_value

AT = "2026-11-26T10:00:00.000Z"
ORIGIN = {"mlflow.version", "mlflow.run_id", "mlflow.source", "mlflow.server"}


@pytest.fixture
def client(mlflow_server):
    from mlflow.tracking import MlflowClient
    return MlflowClient(tracking_uri=mlflow_server, registry_uri=mlflow_server)


def versions_on(client, name):
    return client.search_model_versions(f"name='{name}'", max_results=100)


def cli(bin_dir, command, *args):
    result = subprocess.run([str(bin_dir / command), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def sample_models(tmp_path, prefix):
    folder = tmp_path / "sklearn-model"
    (folder / "data").mkdir(parents=True)
    (folder / "MLmodel").write_text("flavors:\n  python_function: {}\n  sklearn: {}\n")
    (folder / "model.pkl").write_bytes(bytes(range(256)) * 64)
    (folder / "data" / "copy.pkl").write_bytes(bytes(range(256)) * 64)  # the same bytes, stored once
    (folder / "requirements.txt").write_text("scikit-learn\n")
    return [
        {"name": f"{prefix}-churn", "description": "Predicts *churn*.", "tags": {"team": "growth"},
         "aliases": {"champion": "1.2.0", "challenger": "2.0.0-rc.1"},
         "versions": [
             {"version": "1.0.0", "stage": "archived", "framework": "sklearn", "folder": folder,
              "metrics": {"accuracy": 0.81}, "parameters": {"max_depth": 4}},
             {"version": "1.2.0", "stage": "production", "framework": "sklearn", "folder": folder,
              "metrics": {"accuracy": 0.93, "f1Score": 0.89, "mse": 0.5, "custom": {"val_loss": 0.21}},
              "parameters": {"max_depth": 6, "layers": [64, 32], "weights": {"0": 1, "1": 3},
                             "optimizer": "adam", "early_stop": True, "seed": None},
              "tags": {"dataset": "2026-10", "note": "ok for EU"}, "description": "Retrained on October."},
             {"version": "2.0.0-rc.1", "stage": "staging", "framework": "pytorch",
              "files": {"model.pt": b"torch weights", "config.json": b'{"a": 1}'}},
         ]},
        {"name": f"{prefix}-tiny", "versions": [{"version": "0.1.0", "description": "No files."}]},
    ]


def comparable(version):
    return {"stage": version.stage, "framework": version.framework, "metrics": version.metrics,
            "parameters": version.parameters, "description": version.description,
            "tags": {k: v for k, v in version.tags.items() if k not in ORIGIN},
            "files": {f.path: (f.read_bytes(), f.media_type) for f in version.files}}


def test_round_trip_through_the_command_line(tmp_path, mlflow_server, client, bin_dir):
    write_bundle(tmp_path / "in.zip", sample_models(tmp_path, "cli"), exported_at=AT)
    pushed = cli(bin_dir, "bundle-to-mlflow", str(tmp_path / "in.zip"), "--tracking-uri", mlflow_server)
    assert "4 versions created, 0 already there" in pushed.stdout
    pulled = cli(bin_dir, "mlflow-to-bundle", "--tracking-uri", mlflow_server,
                 "--model", "cli-churn", "--model", "cli-tiny", str(tmp_path / "out.zip"))
    assert "(2 models, 4 versions, 10 files)" in pulled.stdout
    assert "not carried" not in pulled.stderr  # nothing left behind, the version without files included

    sent, got = read_bundle(tmp_path / "in.zip"), read_bundle(tmp_path / "out.zip")
    assert [m.name for m in got.models] == [m.name for m in sent.models]
    for model in sent.models:
        back = got.model(model.name)
        assert (back.description, back.tags, back.aliases) == (model.description, model.tags, model.aliases)
        assert [v.version for v in back.versions] == [v.version for v in model.versions]
        for version in model.versions:
            assert comparable(back.version(version.version)) == comparable(version)
    # Where each version came from, on the version.
    numbers = {mv.version: mv for mv in versions_on(client, "cli-churn")}
    for version in got.model("cli-churn").versions:
        origin = numbers[version.tags["mlflow.version"]]
        assert version.tags["mlflow.run_id"] == origin.run_id
        assert version.tags["mlflow.source"] == origin.source and origin.source.endswith("/model")
        assert version.tags["mlflow.server"] == mlflow_server
        assert origin.tags["model_registry.version"] == version.version

    again = cli(bin_dir, "bundle-to-mlflow", str(tmp_path / "in.zip"), "--tracking-uri", mlflow_server)
    assert "0 versions created, 4 already there" in again.stdout
    assert len(versions_on(client, "cli-churn")) == 3 and len(versions_on(client, "cli-tiny")) == 1
    experiment = client.get_experiment_by_name("model-registry/cli-churn")
    assert len(client.search_runs([experiment.experiment_id])) == 3


def test_a_bundle_pulled_back_pushes_nothing_new(tmp_path, mlflow_server, client):
    write_bundle(tmp_path / "in.zip", sample_models(tmp_path, "again")[1:], exported_at=AT)
    assert bundle_to_mlflow(tmp_path / "in.zip", mlflow_server).created == 1
    mlflow_to_bundle(tmp_path / "out.zip", mlflow_server, models=["again-tiny"])
    report = bundle_to_mlflow(tmp_path / "out.zip", mlflow_server)
    assert (report.created, report.already_there) == (0, 1)
    assert len(versions_on(client, "again-tiny")) == 1


def test_an_interrupted_push_resumes_in_its_run(tmp_path, mlflow_server, client):
    from mlflow.entities import Param
    write_bundle(tmp_path / "in.zip", [{"name": "resume", "versions": [
        {"version": "3.1.0", "parameters": {"lr": 0.01, "opt": "sgd"}, "metrics": {"recall": 0.7},
         "files": {"w.bin": b"w"}}]}], exported_at=AT)
    # What a push stopped after creating the run and logging a parameter leaves behind.
    experiment_id = client.create_experiment("model-registry/resume")
    run = client.create_run(experiment_id, run_name="resume:3.1.0",
                            tags={"model_registry.version": "3.1.0", "model_registry.model": "resume"})
    client.log_batch(run.info.run_id, params=[Param("lr", "0.01")])

    report = bundle_to_mlflow(tmp_path / "in.zip", mlflow_server)
    assert (report.created, report.already_there) == (1, 0)
    runs = client.search_runs([experiment_id])
    assert [r.info.run_id for r in runs] == [run.info.run_id]
    assert runs[0].data.params == {"lr": "0.01", "opt": "sgd"} and runs[0].data.metrics == {"recall": 0.7}
    assert runs[0].info.status == "FINISHED"
    mv, = versions_on(client, "resume")
    assert mv.run_id == run.info.run_id
    assert [a.path for a in client.list_artifacts(run.info.run_id, "model")] == ["model/w.bin"]


def test_a_version_made_in_mlflow(tmp_path, mlflow_server, client):
    """Not pushed from a registry: N becomes N.0.0, the framework comes from the MLmodel file."""
    from mlflow.entities import Metric, Param
    experiment_id = client.create_experiment("made-in-mlflow")
    run = client.create_run(experiment_id)
    client.log_batch(run.info.run_id, params=[Param("lr", "0.01"), Param("name", "resnet"),
                                              Param("quoted", '"x"'), Param("nan", "NaN"),
                                              Param("proto", '{"constructor": 1}')],
                     metrics=[Metric("accuracy", 0.5, 1, 0), Metric("accuracy", 0.75, 2, 1),
                              Metric("aucRoc", 3.0, 1, 0), Metric("loss", 0.3, 1, 0)])
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "MLmodel").write_text("flavors:\n  keras: {}\n")
    client.log_artifacts(run.info.run_id, str(tmp_path / "model"), "model")
    client.create_registered_model("native", tags={"model_registry.anything": "x", "owner": "ml"})
    client.create_model_version("native", f"{run.info.artifact_uri}/model", run_id=run.info.run_id,
                                tags={"k": "v"})
    client.set_registered_model_alias("native", "prod", "1")

    report = mlflow_to_bundle(tmp_path / "out.zip", mlflow_server, models=["native"])
    model = read_bundle(tmp_path / "out.zip").model("native")
    version, = model.versions
    assert (version.version, version.stage, version.framework) == ("1.0.0", "development", "tensorflow")
    assert model.tags == {"owner": "ml"}  # our own tags are consumed, not copied
    assert version.metrics == {"accuracy": 0.75, "custom": {"loss": 0.3}}  # the latest value of each
    assert version.parameters == {"lr": 0.01, "name": "resnet", "quoted": '"x"', "nan": "NaN",
                                  "proto": '{"constructor": 1}'}  # JSON a bundle refuses stays text
    assert version.tags == {"k": "v", "mlflow.version": "1", "mlflow.run_id": run.info.run_id,
                            "mlflow.source": f"{run.info.artifact_uri}/model", "mlflow.server": mlflow_server}
    assert version.created_at.endswith("Z") and len(version.created_at) == len(AT)
    assert model.aliases == {"prod": "1.0.0"}
    assert any("aucRoc" in sentence and "outside its range" in sentence for sentence in report.not_carried)
    # Pushed back to the server it came from, it is found by its origin tags: no copy is made.
    pushed = bundle_to_mlflow(tmp_path / "out.zip", mlflow_server)
    assert (pushed.created, pushed.already_there) == (0, 1)
    assert len(versions_on(client, "native")) == 1


def test_what_mlflow_cannot_hold_is_reported(tmp_path, mlflow_server, client):
    write_bundle(tmp_path / "in.zip", [{
        "name": "limits", "description": "x" * 6000, "aliases": {"v2": "1.0.0", "best": "1.0.0"},
        "history": [{"at": AT, "kind": "version.registered", "version": "1.0.0"}],
        "versions": [{"version": "1.0.0", "tags": {"bad:key": "1", "mlflow.source": "elsewhere", "fine": "2"},
                      "metrics": {"custom": {"a:b": 1}}}]}], exported_at=AT)
    report = bundle_to_mlflow(tmp_path / "in.zip", mlflow_server)
    text = "\n".join(report.not_carried)
    for expected in ("'bad:key' is not sent", "'mlflow.source' is not sent", "metric 'a:b' is not sent",
                     "alias 'v2' is not set", "history event(s) are not sent",
                     "description is cut to its first 5,000 characters"):
        assert expected in text
    mv, = versions_on(client, "limits")
    assert {k: v for k, v in mv.tags.items() if not k.startswith("model_registry.")} == {"fine": "2"}
    registered = client.get_registered_model("limits")
    assert registered.aliases == {"best": "1"} and len(registered.description) == 5000


@pytest.mark.parametrize("text, value", [
    ("0.01", 0.01), ("6", 6), ("true", True), ("null", None), ("[64, 32]", [64, 32]), ('{"a": 1}', {"a": 1}),
    ("adam", "adam"), ('"adam"', '"adam"'), ("NaN", "NaN"), ("Infinity", "Infinity"), ("1e999", "1e999"), ("", ""),
])
def test_parameter_values(text, value):
    assert parameter_value(text) == value


def test_the_commands_say_what_went_wrong(tmp_path, mlflow_server, bin_dir):
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    result = subprocess.run([str(bin_dir / "bundle-to-mlflow"), str(tmp_path / "bad.zip"), "--tracking-uri",
                             mlflow_server], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("bundle-to-mlflow: This file is not a readable zip")


def test_without_mlflow_the_sync_says_how_to_get_it(monkeypatch):
    import sys
    from model_registry.mlflow._client import mlflow_client
    monkeypatch.setitem(sys.modules, "mlflow.tracking", None)  # what an install without the extra has
    with pytest.raises(RuntimeError, match=r"pip install 'model-registry\[mlflow\]'"):
        mlflow_client("http://mlflow.invalid")


def test_importing_the_package_does_not_import_mlflow():
    import sys
    code = "import sys, model_registry, model_registry.mlflow, model_registry.cli; print('mlflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_version_strings_tagged_versions_claim_theirs_first():
    from types import SimpleNamespace
    from model_registry.mlflow.pull import version_strings

    def mv(number, tag=None):
        return SimpleNamespace(version=str(number), tags={"model_registry.version": tag} if tag else {})
    notes = []
    strings = version_strings("m", [mv(1), mv(2, "1.0.0"), mv(3, "1.0.0"), mv(4, "v9"), mv(5, "2.0.0-rc.1")],
                              notes.append)
    # 2 keeps its tag; 1 would be 1.0.0, which 2 claimed; 3 repeats 2's tag and 4's is not SemVer.
    assert strings == {"2": "1.0.0", "5": "2.0.0-rc.1", "3": "3.0.0", "4": "4.0.0"}
    assert len(notes) == 3 and "version 1 is not pulled" in notes[2]
