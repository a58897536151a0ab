#!/usr/bin/env bash
# Installs everything Radar needs on a fresh Debian machine with Python 3.11:
# system packages (tesseract OCR with French/Dutch/English data; chromium with --browser),
# a virtualenv in .venv with Radar and its Python dependencies, and the embedding model build (cached).
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_BROWSER=0
EXTRAS=dev
for arg in "$@"; do
  case "$arg" in
    --browser) WITH_BROWSER=1 ;;
    --bench) EXTRAS=dev,bench ;;  # the peers of bench/peers.py (LangChain tutorial pipeline, txtai)
    *) echo "usage: scripts/install.sh [--browser] [--bench]" >&2; exit 2 ;;
  esac
done

apt_packages=()
command -v tesseract >/dev/null 2>&1 || apt_packages+=(tesseract-ocr)
for lang in fra nld eng; do
  if ! (tesseract --list-langs 2>/dev/null | grep -qx "$lang"); then apt_packages+=("tesseract-ocr-$lang"); fi
done
if [ "$WITH_BROWSER" = 1 ] && [ ! -x /usr/bin/chromium ]; then apt_packages+=(chromium); fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${apt_packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
  else
    echo "Radar needs these system packages: ${apt_packages[*]}" >&2
    echo "Install them as root (sudo apt-get install ${apt_packages[*]}) and run this script again." >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# torch first and pinned: 2.13.0 is the CPU build here; an unpinned torch would pull a multi-GB CUDA build.
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -e ".[$EXTRAS]"
# Build the embedding model, its int8 ONNX graph, the thesaurus concept vectors and the relevance judge's int8
# graph (e5's bottom layers with the committed adapters, index/judge-*.npz) once (about 60 s); later runs find
# them in the cache.
HF_HUB_OFFLINE=1 .venv/bin/python -c "from index.embedder import Embedder; from index.thesaurus import concept_texts; \
e = Embedder(); e.prepare_concepts(concept_texts()); print('embedding model:', e.name, e.precision)"
HF_HUB_OFFLINE=1 .venv/bin/python -c "from pathlib import Path; from index.embedder import DEFAULT_MODEL, cache_dir, \
resolve_model; from index.relevance import JudgedRelevance; JudgedRelevance(Path(resolve_model(DEFAULT_MODEL)), \
cache_dir()).answer_judge; print('relevance judges: ready')"
