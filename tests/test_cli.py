from click.testing import CliRunner

from radar.cli import cli


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        assert command.help, name
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "--index-dir" in result.output, name


def test_missing_index_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(cli, ["search", "traite", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no Radar index" in result.output and "radar ingest" in result.output
    assert "Traceback" not in result.output


def test_bad_date_is_rejected(tmp_path):
    result = CliRunner().invoke(cli, ["search", "traite", "--since", "last year", "--index-dir", str(tmp_path)])
    assert result.exit_code == 2 and "YYYY" in result.output
