#!/usr/bin/env bash
# Install, ingest the shipped corpus (idempotent: unchanged files are skipped),
# and serve the API on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
status=0
arkiv ingest corpus/ || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then exit "$status"; fi  # 2: some file was skipped
cat <<'MSG'

Arkiv is starting on http://127.0.0.1:8000  (API docs: http://127.0.0.1:8000/docs)
Ask in another terminal:
  curl -s localhost:8000/ask -H 'content-type: application/json' -d '{"question": "hvad er status på akuttelefonen?"}'
or without the server running:  .venv/bin/arkiv ask "hvad er status på akuttelefonen?"

MSG
exec arkiv serve
