#!/usr/bin/env bash
# Install (with the test extras and, for the browser tests, Debian's Chromium) and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f scripts/install-chromium.sh ]; then bash scripts/install-chromium.sh || echo "Chromium not installed: browser tests will be skipped"; fi
. .venv/bin/activate
exec python -m pytest -q
