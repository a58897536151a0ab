#!/usr/bin/env bash
# Every benchmark in one command; each prints its table and leaves it under bench/results/ with the date and
# machine. The Chamber index (bench/chamber_crosslingual.py, ~25 min of embedding on 2 cores with int8) is
# built on the first run and reused after; --quick skips everything that needs it.
# --resume reuses what bench/peers.py children of an interrupted run already measured.
#   bash bench/run.sh [--quick] [--resume] [--shared ../shared]
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0
RESUME=
SHARED=../shared
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --resume) RESUME=--resume ;;
    --shared) SHARED=$2; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--resume] [--shared DIR]" >&2; exit 2 ;;
  esac
  shift
done
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
PY=.venv/bin/python
$PY -c "import txtai, langchain_huggingface, langchain_community" 2>/dev/null \
  || bash scripts/install.sh --bench
mkdir -p bench/results

stamp() {  # a result file's first lines: what, when, where
  echo "# $1 — $(date -u +%Y-%m-%d)"
  echo "Machine: $($PY bench/measure.py)."
  echo
}

{ stamp "Parsing, cleaning and chunking speed"; $PY bench/ingest_speed.py "$SHARED"; } | tee bench/results/ingest_speed.md
{ stamp "OCR character error rate"; $PY bench/ocr_cer.py "$SHARED"; } | tee bench/results/ocr_cer.md
$PY bench/hostile.py  # writes bench/results/hostile.md
RADAR_SHARED="$SHARED" $PY bench/keyword_scale.py  # keyword search at 20k/200k passages, both stores (~15 min)
RADAR_SHARED="$SHARED" $PY bench/screen_scale.py  # screening 1,000 names over the Chamber questions (~1 min)
if [ "$QUICK" = 1 ]; then
  $PY bench/peers.py --shared "$SHARED" --workloads shared $RESUME
  exit 0
fi
{ stamp "Chamber cross-lingual check"; $PY bench/chamber_crosslingual.py --sample 1000; } \
  | tee bench/results/chamber_crosslingual.md
$PY bench/rerank_scale.py  # search with/without reranking and ask over that Chamber index (~5 min)
$PY bench/peers.py --shared "$SHARED" $RESUME
$PY scripts/judge/report.py --shared "$SHARED"  # the judge on its test split (~15 min): bench/results/judge_training.md
$PY bench/judge_language_pairs.py --shared "$SHARED"  # the answer judge across languages (~1 min)
# the ablation of issue 18 over the shared corpus (~10 min, its index built once into bench/work/shared-index)
[ -d bench/work/shared-index ] || .venv/bin/radar ingest "$SHARED/corpus" "$SHARED/seeds" --index-dir bench/work/shared-index --silent
$PY bench/answer_ablation.py --index-dir bench/work/shared-index --shared "$SHARED"
$PY bench/serving_memory.py --index-dir bench/work/shared-index  # peak RSS serving, model and judge loaded
$PY bench/ann_scale.py
$PY bench/store_modes.py
