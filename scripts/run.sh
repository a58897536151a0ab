#!/usr/bin/env bash
# The main job: install, ingest corpus/ into .radar/, then start the app (or, until it exists, show a search).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1
.venv/bin/radar ingest corpus/
if [ -s app.py ] && grep -q "streamlit" app.py; then
  exec .venv/bin/radar app
fi
echo
echo "Example search:"
.venv/bin/radar search "Combien de bars ont été placés sous scellés dans le quartier Nord ?" --k 3
