#!/usr/bin/env bash
# Prints the path of the project's test venv (.venv, git-ignored), creating or updating it when
# python/requirements-test.txt, python/constraints.txt or python/pyproject.toml changed since it was
# made. It holds the pinned MLflow the tests run as a real server, pytest, and our package (editable).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="$PWD/.venv"
stamp="$venv/.requirements-sha256"
wanted="$(cat python/requirements-test.txt python/constraints.txt python/pyproject.toml | sha256sum | cut -d' ' -f1)"

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
	echo "Preparing the Python test venv in .venv (pinned MLflow, pytest, ./python)..." >&2
	python3 -m venv "$venv" >&2
	"$venv/bin/pip" install --quiet --disable-pip-version-check \
		-r python/requirements-test.txt -c python/constraints.txt -e './python[mlflow,test]' >&2
	echo "$wanted" >"$stamp"
fi
echo "$venv"
