#!/usr/bin/env bash
# The main job: install, ingest corpus/ into .radar/, then start the app on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1
.venv/bin/radar ingest corpus/ --metadata corpus/SOURCES.tsv
exec .venv/bin/radar app "$@"
