#!/usr/bin/env bash
# Install, then serve Arkiv on 127.0.0.1:8000 and ingest the shipped corpus in the
# background (idempotent: unchanged files are skipped). The page at / shows how far
# the first ingest has come; questions are answered from what is indexed so far.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
cat <<'MSG'

Arkiv is starting on http://127.0.0.1:8000/  (API docs: http://127.0.0.1:8000/docs)
The corpus is ingested in the background (first time: 5 to 10 minutes on 2 cores);
the page shows the progress, and so does:  curl -s localhost:8000/health
Ask in another terminal:
  curl -s localhost:8000/ask -H 'content-type: application/json' -d '{"question": "hvad er status på akuttelefonen?"}'

MSG
exec arkiv serve --ingest corpus/
