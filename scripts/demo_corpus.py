"""Build `corpus/`, the documents `bash scripts/run.sh` ingests on a fresh machine: the part of ../shared that may
be redistributed, with each file's source, date, link and licence in `corpus/SOURCES.tsv` (read at ingest with
`radar ingest corpus/ --metadata corpus/SOURCES.tsv`).

Kept (../shared/corpus/MANIFEST.tsv's licence column):
- the Chamber written questions, FR and NL (CC0, data.dekamer.be), and from
  ../shared/datasets/be_chamber_questions_2020.jsonl.gz every FR/NL pair on trafficking, exploitation,
  prostitution, smuggling or unaccompanied minors;
- the Palermo Protocol (official texts, EN and NL, Markdown and the PDFs with a text layer) and the EU directive
  2011/36 texts (EUR-Lex reuse policy);
- the two seeds the project was created from.
Left out: web excerpts whose licence is "not stated" (Myria, PAG-ASA, press, GRETA pages...) and the scans made
from them.

  python scripts/demo_corpus.py [--shared ../shared] [--out corpus]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPIC = re.compile(r"traite des êtres humains|mensenhandel|exploitation (?:sexuelle|économique)|uitbuiting|"
                   r"prostitu|non accompagn|niet-begeleide|trafic d'êtres|mensensmokkel|travail forcé|dwangarbeid|"
                   r"transmigrant|loverboy|Myria|Payoke|Sürya|PAG-ASA|esclavage|slavernij", re.I)
CHAMBER = "http://data.dekamer.be/v0/qrva/"
CHAMBER_LICENCE = "CC0 (data.dekamer.be, public domain)"
OFFICIAL = {  # shared corpus path → (date, publisher)
    "treaties/palermo_protocol_2000.en.md": ("2000-11-15", "United Nations"),
    "treaties/palermo_protocol_2000.nl.md": ("2000-11-15", "United Nations"),
    "pdf/palermo_protocol_2000.en.textlayer.pdf": ("2000-11-15", "United Nations"),
    "pdf/palermo_protocol_2000.nl.textlayer.pdf": ("2000-11-15", "United Nations"),
    "web_passages/eu_directive_2011_36_recitals_en.en.txt": ("2011-04-05", "European Union"),
    "web_passages/eu_directive_2011_36_recitals_fr.fr.txt": ("2011-04-05", "European Union"),
    "web_passages/eurlex_summary_directive_2011_36_en.en.txt": ("", "EUR-Lex"),
}
SEEDS = {"000_3c62babcb694d861.txt": ("", "Parlement bruxellois",  # question n°1200, as in the shared manifest
                                      "http://www.parlement.brussels/weblex-quest-det/?lang=fr&moncode=162273&base=1&taal=fr",
                                      "official parliamentary document (seed of this project)"),
         "003_46b2b164c325ac90.txt": ("", "", "", "seed of this project (epilogue of a Belgian government report)")}


def build(shared: Path, out: Path) -> list[dict[str, str]]:
    manifest = {r["file"]: r for r in csv.DictReader((shared / "corpus" / "MANIFEST.tsv").open(encoding="utf-8"),
                                                     delimiter="\t")}
    rows: list[dict[str, str]] = []
    for rel, r in sorted(manifest.items()):
        if rel.startswith("be_chamber_questions_") and r["license"].startswith("CC0"):
            qid = re.search(r"qrva_(.+?)\.(?:fr|nl)\.txt$", rel).group(1)
            rows.append(_copy(shared / "corpus" / rel, out, rel, url=CHAMBER + qid, licence=CHAMBER_LICENCE))
        elif rel in OFFICIAL:
            date, source = OFFICIAL[rel]
            url = r["source"].split(" ")[0] if r["source"].startswith("http") else ""
            licence = manifest[r["source"]]["license"] if r["license"] == "as source text" else r["license"]
            rows.append(_copy(shared / "corpus" / rel, out, rel, date=date, source=source, url=url, licence=licence))
    have = {Path(r["file"]).name for r in rows}
    for line in gzip.open(shared / "datasets" / "be_chamber_questions_2020.jsonl.gz", "rt", encoding="utf-8"):
        q = json.loads(line)
        if not (q.get("text_fr") and q.get("text_nl")) or not TOPIC.search(q["text_fr"] + " " + q["text_nl"]):
            continue
        for lang in ("fr", "nl"):
            name = f"qrva_{q['id']}.{lang}.txt"
            if name in have:
                continue
            target = out / "be_chamber_questions_2020" / name
            target.write_text(q[f"text_{lang}"].strip() + "\n", encoding="utf-8")
            rows.append(_row(target, out, url=CHAMBER + q["id"], licence=CHAMBER_LICENCE))
    for name, (date, source, url, licence) in SEEDS.items():
        rows.append(_copy(shared / "seeds" / name, out, name, date=date, source=source, url=url, licence=licence))
    return rows


def _copy(src: Path, out: Path, rel: str, **fields: str) -> dict[str, str]:
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    return _row(target, out, **fields)


def _row(target: Path, out: Path, date: str = "", source: str = "", url: str = "", licence: str = "") -> dict:
    return {"file": target.relative_to(out).as_posix(), "date": date, "source": source, "url": url,
            "licence": licence}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    for folder in ("be_chamber_questions_2017", "be_chamber_questions_2020", "treaties", "pdf", "web_passages"):
        shutil.rmtree(args.out / folder, ignore_errors=True)  # built afresh: nothing stale stays
    (args.out / "be_chamber_questions_2020").mkdir(parents=True)
    rows = build(args.shared, args.out)
    with (args.out / "SOURCES.tsv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "date", "source", "url", "licence"], delimiter="\t",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} files in {args.out}, listed in {args.out / 'SOURCES.tsv'}")


if __name__ == "__main__":
    main()
