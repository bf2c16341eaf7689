#!/usr/bin/env bash
# Every check and test, in the order that fails fastest: types, lint, unit tests, build, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROMIUM_PATH

npm run check
npm run lint
npm run test:unit
npm run build
npm run test:e2e
