"""`tapeless local up|status|down` run the stack as a background process."""

import json
import urllib.request

import pytest
from tapeless_local.cli import app
from typer.testing import CliRunner

pytestmark = pytest.mark.integration


def test_local_up_status_down_round_trip(tmp_path):
    runner = CliRunner()
    state = ["--state-dir", str(tmp_path)]
    up = runner.invoke(app, ["local", "up", "--port", "0", "--api-port", "0", *state])
    try:
        assert up.exit_code == 0, up.output
        outputs = json.loads((tmp_path / "outputs.json").read_text())
        with urllib.request.urlopen(outputs["ApiUrl"] + "/health/live", timeout=10) as response:
            assert response.status == 200
        status = runner.invoke(app, ["local", "status", *state])
        assert status.exit_code == 0, status.output
        assert "answers" in status.output
    finally:
        down = runner.invoke(app, ["local", "down", *state])
    assert down.exit_code == 0, down.output
    assert not (tmp_path / "stack.pid").exists() and not (tmp_path / "outputs.json").exists()
    assert runner.invoke(app, ["local", "status", *state]).exit_code == 1
