"""The README's generated reference sections must match the code they describe."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _update_readme():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "scripts" / "update_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_api_reference_and_measurement_table_are_current():
    module = _update_readme()
    readme = (ROOT / "README.md").read_text()
    assert module.render(readme, sections=("api", "measurements")) == readme, (
        "run python scripts/update_readme.py")


def test_readme_names_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
