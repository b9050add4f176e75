#!/usr/bin/env bash
# Refresh requirements.lock: every package Arkiv and its tests install, pinned with hashes.
# Run after changing the dependencies in pyproject.toml; commit the result. torch stays at the
# CPU build of 2.13.0 (constraints.txt), which pip takes from this machine's wheel folder.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${TMPDIR:-/tmp}/arkiv-pip-tools
[ -x "$TOOLS/bin/pip-compile" ] || { python3 -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet pip-tools; }
"$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --extra test --strip-extras \
  --no-emit-index-url --no-emit-find-links -c constraints.txt -o requirements.lock pyproject.toml
