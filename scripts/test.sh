#!/usr/bin/env bash
# Installs everything, checks the import layers and runs the whole test suite (slow tests included).
# CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# Layers only point down (pyproject.toml [tool.importlinter]): an import that points up fails here.
.venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest "$@"
