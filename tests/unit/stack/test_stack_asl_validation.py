"""The ASL files are checked with the npm `asl-validator`, since moto accepts invalid ASL."""

import json
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
BROKEN_ASL = {
    "StartAt": "Check photos",
    "States": {"Check photos": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:x", "Next": "Gone"}},
}


def _validate(*paths: Path) -> subprocess.CompletedProcess:
    arguments = [argument for path in paths for argument in ("--json-path", str(path))]
    return subprocess.run(
        ["npx", "--no-install", "asl-validator", *arguments],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
    )


def test_every_state_machine_of_the_repository_is_valid_asl():
    paths = sorted((REPO_ROOT / "statemachine").glob("*.asl.json"))
    assert paths, "no statemachine/*.asl.json found"
    result = _validate(*paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_asl_with_a_missing_transition_target_is_rejected(tmp_path):
    broken = tmp_path / "broken.asl.json"
    broken.write_text(json.dumps(BROKEN_ASL))
    result = _validate(broken)
    assert result.returncode != 0
    assert "MISSING_TRANSITION_TARGET" in result.stdout + result.stderr
