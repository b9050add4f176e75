#!/usr/bin/env bash
# Create .venv and install Arkiv into it from requirements.lock (every package pinned, with
# hashes; refresh it with scripts/lock.sh). torch is installed first and pinned: any unpinned
# torch requirement would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "torch==2.13.0"
python -m pip install --quiet --require-hashes -r requirements.lock
python -m pip install --quiet --no-deps -e .
