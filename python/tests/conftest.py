"""A real MLflow server for the sync tests: the pinned one from the venv, on a free loopback port, with a
SQLite database and an artifact store in a temporary folder, stopped with its workers at the end."""
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

BIN = pathlib.Path(sys.executable).parent
# A cold start on a busy machine (imports, database migrations) has been seen to take 20 s.
STARTUP_SECONDS = 120


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url):
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory):
    """The server's tracking URI."""
    root = tmp_path_factory.mktemp("mlflow")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(root / "server.log", "wb")
    process = subprocess.Popen(
        [str(BIN / "mlflow"), "server", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
         "--artifacts-destination", str(root / "artifacts")],
        cwd=root, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)  # its own process group, so stopping it stops uvicorn's workers too
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(url):
            if process.poll() is not None:
                raise RuntimeError(f"mlflow server exited with {process.returncode} before it answered:\n"
                                   + (root / "server.log").read_text(errors="replace"))
            if time.monotonic() > deadline:
                raise RuntimeError(f"mlflow server did not answer {url}/health within {STARTUP_SECONDS} s:\n"
                                   + (root / "server.log").read_text(errors="replace"))
            time.sleep(0.25)  # polling the health URL: there is nothing to await
        yield url
    finally:
        _stop(process)
        log.close()


@pytest.fixture
def bin_dir():
    """Where the venv's console scripts are (mlflow-to-bundle, bundle-to-mlflow)."""
    return BIN
