"""The demo corpus that ships in corpus/: every file listed in SOURCES.tsv with a licence that allows
redistribution, and read through the manifest mechanism that ingest uses."""

from __future__ import annotations

import csv

from ingest.given import Manifest
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"


def test_every_shipped_file_has_its_source_and_a_redistributable_licence():
    rows = list(csv.DictReader((CORPUS / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t"))
    listed = {r["file"] for r in rows}
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.tsv"}
    assert files == listed and len(files) > 200
    for r in rows:
        assert r["licence"] and "not stated" not in r["licence"], r
    chamber = [r for r in rows if r["file"].startswith("be_chamber_questions_")]
    assert len(chamber) > 180 and all(r["licence"].startswith("CC0") for r in chamber)
    assert all(r["url"] == "http://data.dekamer.be/v0/qrva/" + r["file"].split("qrva_")[1][:-7] for r in chamber)
    pairs = {r["file"][:-7] for r in chamber}
    assert all((CORPUS / f"{p}.fr.txt").exists() and (CORPUS / f"{p}.nl.txt").exists() for p in pairs)  # FR/NL


def test_the_manifest_gives_each_file_its_metadata():
    manifest = Manifest(CORPUS / "SOURCES.tsv")
    palermo = manifest.lookup(CORPUS / "treaties" / "palermo_protocol_2000.en.md")
    assert (palermo.date, palermo.source) == ("2000-11-15", "United Nations")
    assert manifest.lookup(CORPUS / "000_3c62babcb694d861.txt").source == "Parlement bruxellois"
