#!/usr/bin/env bash
# Every check and test, in the order that fails fastest: types and lint, unit tests, build, browser
# tests. Each step prints how long it took, so a slow run shows where its time went.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROMIUM_PATH
# The pinned MLflow the sync tests run as a real server, pytest, and our Python package.
VENV="$(bash scripts/ensure-python.sh)"

# Runs a step and prints its duration.
timed() {
	local name=$1 started=$SECONDS
	shift
	"$@"
	echo "--- $name: $((SECONDS - started)) s"
}

# Types and lint only read the generated files, so once these are written the two run side by side;
# each one's output is shown whole, after both have ended.
types_and_lint() {
	npx svelte-kit sync
	local logs
	logs="$(mktemp -d)"
	npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings >"$logs/check" 2>&1 &
	local check=$!
	npm run lint >"$logs/lint" 2>&1 &
	local lint=$!
	local failed=0
	wait "$check" || failed=1
	wait "$lint" || failed=1
	cat "$logs/check" "$logs/lint"
	rm -rf "$logs"
	return "$failed"
}

# CI keeps only this output: when a browser test fails, show what its page held at that moment
# (Playwright's error context: the page as the accessibility tree sees it).
browser_tests() {
	npm run test:e2e && return
	local failed=$?
	for context in test-results/*/error-context.md; do
		[ -f "$context" ] || continue
		echo "--- the page when it failed: ${context%/error-context.md}"
		sed -n '/^# Page snapshot/,/^# Test source/p' "$context" | sed '1d;$d'
	done
	return "$failed"
}

total=$SECONDS
timed 'types and lint' types_and_lint
timed 'unit tests' npm run test:unit
timed 'python tests' "$VENV/bin/python" -m pytest -p no:cacheprovider python -q
timed 'build' npm run build
timed 'browser tests' browser_tests
echo "--- all: $((SECONDS - total)) s"
