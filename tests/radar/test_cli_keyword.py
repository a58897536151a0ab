"""`radar search --keyword` on the small real index: every match with true totals, as JSON and as text."""

import json
import re

import pytest
from click.testing import CliRunner

from radar.cli import cli

pytestmark = pytest.mark.slow


def test_keyword_json_has_every_match_and_true_totals(built_index):
    from index.collection import Collection

    out = CliRunner().invoke(cli, ["search", "--keyword", "mensenhandel OR traite", "--json",
                                   "--index-dir", str(built_index)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    c = Collection(built_index)
    grep = [(doc, text) for _, doc, _, text, _ in c.store.chunk_rows()
            if re.search(r"(?<![^\W_])(mensenhandel|traite)(?![^\W_])", text, re.IGNORECASE)]
    c.close()
    assert data["mode"] == "keyword"
    assert (data["total_passages"], data["total_documents"]) == (len(grep), len({d for d, _ in grep})) > (1, 1)
    assert len(data["results"]) == data["total_passages"]  # no top k
    assert sum(data["counts"]["document"].values()) == data["total_passages"]
    for r in data["results"]:
        assert r["matches"] and {m.lower() for m in r["matched"]} <= {"mensenhandel", "traite"}
        start = r["char_start"]
        assert all(r["text"][s - start:e - start].lower() in ("mensenhandel", "traite") for s, e in r["matches"])


def test_keyword_text_output_counts_and_bad_syntax(built_index):
    runner = CliRunner()
    out = runner.invoke(cli, ["search", "--keyword", '"Quartier Nord"', "--index-dir", str(built_index)])
    assert out.exit_code == 0, out.output
    assert re.match(r"\d+ passages in \d+ documents, \d+ occurrences: every match", out.output)
    assert "by year:" in out.output and "Quartier Nord" in out.output
    bad = runner.invoke(cli, ["search", "--keyword", "(traite OR Myria", "--index-dir", str(built_index)])
    assert bad.exit_code == 2 and "without its ')'" in bad.output
    semantic = runner.invoke(cli, ["search", "traite", "--stems", "--index-dir", str(built_index)])
    assert semantic.exit_code == 2 and "apply to --keyword" in semantic.output
