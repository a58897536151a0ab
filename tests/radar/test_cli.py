from click.testing import CliRunner

from radar.cli import cli


def test_every_command_has_help():
    import click

    runner = CliRunner()
    for name, command in cli.commands.items():
        assert command.help, name
        subcommands = command.commands.items() if isinstance(command, click.Group) else [(None, command)]
        for sub, subcommand in subcommands:  # `radar watch add` and its siblings
            assert subcommand.help, (name, sub)
            result = runner.invoke(cli, [name, *([sub] if sub else []), "--help"])
            assert result.exit_code == 0 and "--index-dir" in result.output, (name, sub)


def test_missing_index_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(cli, ["search", "traite", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no Radar index" in result.output and "radar ingest" in result.output
    assert "Traceback" not in result.output


def test_bad_date_is_rejected(tmp_path):
    result = CliRunner().invoke(cli, ["search", "traite", "--since", "last year", "--index-dir", str(tmp_path)])
    assert result.exit_code == 2 and "YYYY" in result.output


def test_store_location_precedence_and_redaction(monkeypatch, tmp_path):
    from core.settings import Location, location

    monkeypatch.setenv("RADAR_STORE", "postgresql://radar:secret@db/radar")
    monkeypatch.delenv("RADAR_COLLECTION", raising=False)
    assert location(None, None, None).server  # the environment when no option is given
    assert location(tmp_path, None, None).target == str(tmp_path)  # an explicit --index-dir wins over it
    assert location(tmp_path, "postgresql://x@h/d", "inv").collection == "inv"
    assert "secret" not in str(location(None, None, "inv")) and "***" in str(location(None, None, "inv"))
    monkeypatch.delenv("RADAR_STORE")
    assert Location(str(tmp_path), "quartier_nord").folder == tmp_path / "collections" / "quartier_nord"
    assert Location(str(tmp_path)).folder == tmp_path


def test_bad_collection_name_is_one_clear_line(tmp_path):
    from click.testing import CliRunner

    from radar.cli import cli

    result = CliRunner().invoke(cli, ["search", "x", "--store", "postgresql://nobody@/db?host=/nonexistent",
                                      "--collection", "Robert'); DROP TABLE--"])
    assert result.exit_code == 2  # a usage error, before any connection is tried
    assert "not a collection name" in result.output and "Traceback" not in result.output
