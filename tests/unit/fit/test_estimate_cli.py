import json

from tapeless_local.cli import app
from typer.testing import CliRunner


def test_cli_without_height_or_card_prints_the_error_document_and_fails(sample_capture):
    capture = sample_capture("synth-c")  # no card in this capture
    result = CliRunner().invoke(app, ["estimate", str(capture.directory / "front.jpg"),
                                      str(capture.directory / "side.jpg"), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "scale_unknown"
