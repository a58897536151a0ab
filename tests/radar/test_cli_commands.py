"""Ingest → store → index with the real model on a small real corpus."""

import json

import pytest

pytestmark = pytest.mark.slow


def test_cli_search_json_and_show(built_index):
    from click.testing import CliRunner

    from radar.cli import cli

    runner = CliRunner()
    out = runner.invoke(cli, ["search", "Welk organisme werkt een actieplan rond prostitutie uit?", "--json",
                              "--index-dir", str(built_index), "--k", "3"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["query"] and len(data["results"]) == 3
    keys = {"path", "title", "lang", "date", "doc_type", "source", "link", "page", "section", "char_start",
            "char_end", "text", "score", "relevance", "also_in"}
    for r in data["results"]:
        assert set(r) == keys and 0.0 <= r["relevance"] <= 1.0  # the judge read each of the top 5
        shown = json.loads(runner.invoke(cli, ["show", r["path"], "--json", "--index-dir", str(built_index)]).output)
        assert shown["text"][r["char_start"]:r["char_end"]] == r["text"]
    batch = runner.invoke(cli, ["search", "--batch", "-", "--index-dir", str(built_index), "--k", "2"],
                          input="Myria\nPalermo protocol consent\n")
    lines = [json.loads(x) for x in batch.output.strip().splitlines()]
    assert [x["query"] for x in lines] == ["Myria", "Palermo protocol consent"]


def test_eval_command_prints_table_and_json(built_index, tmp_path):
    from click.testing import CliRunner

    from radar.cli import cli

    questions = tmp_path / "q.tsv"
    questions.write_text(
        "qid\tquery_lang\tquestion\tgold_file\tgold_quote_verbatim\tgold_lang\tcross_lingual\n"
        "a\tnl\tHoeveel bars werden verzegeld in de Noordwijk?\tweb_passages/parlbru_q1200_quartier_nord_fr.fr.txt\t"
        "30 bars à prostitution\tfr\tyes\n"
        "b\ten\tWhat is the budget of the Walloon Region for Sürya in 2024?\t\t\t\t\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(questions), "--index-dir", str(built_index)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output.strip().splitlines()[-1])
    overall = data["metrics"][0]
    assert overall["group"] == "all" and overall["n"] == 1 and overall["recall@5"] == 1.0
    out = CliRunner().invoke(cli, ["eval", str(questions), "--answers", "--json", "--index-dir", str(built_index)])
    data = json.loads(out.output.strip().splitlines()[-1])
    assert data["answers"][0]["answerable"] == 1 and data["answers"][0]["unanswerable"] == 1
    assert data["ask_p50_ms"] > 0


def test_ask_for_precedents_lists_the_questions_by_date(built_index, tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from radar.cli import cli

    out = CliRunner().invoke(cli, ["ask", "Welke vragen gingen over prostitutie?", "--json", "--sort", "date",
                                   "--export", str(tmp_path / "list.xlsx"), "--index-dir", str(built_index)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["kind"] == "list" and not data["refused"] and len(data["citations"]) >= 2
    dates = [c["date"] for c in data["citations"]]
    assert dates[0] == "2024-01-08" and dates == sorted(dates, reverse=True)  # newest first
    assert all(c["quote"] and c["doc_type"] == "written_question" for c in data["citations"])
    assert len({c["path"] for c in data["citations"]}) == len(data["citations"])  # a document once
    rows = list(load_workbook(tmp_path / "list.xlsx").active.iter_rows(values_only=True))
    assert len(rows) == 1 + len(data["citations"])
