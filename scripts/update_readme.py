"""Regenerates README.md's generated sections between `<!-- name:start -->` and `<!-- name:end -->`.

- `api`: the API reference, from the OpenAPI document the API serves.
- `measurements`: every measurement's name, definition and landmark, from the measurement registry.
- `accuracy`: the accuracy table written by `bench/accuracy.py` (bench/results/accuracy.md).

    python scripts/update_readme.py          # rewrite README.md
    python scripts/update_readme.py --check  # exit 1 when README.md is out of date
"""

import argparse
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _openapi_document() -> dict:
    path = ROOT / "functions" / "api" / "chalicelib" / "openapi.py"
    spec = importlib.util.spec_from_file_location("tapeless_openapi_for_readme", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.openapi_document()


def api_reference() -> str:
    document = _openapi_document()
    lines = ["| method | path | auth | what it does | responses |", "| --- | --- | --- | --- | --- |"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            auth = "none" if operation.get("security") == [] else "Cognito JWT"
            statuses = ", ".join(sorted(operation["responses"]))
            lines.append(f"| {method.upper()} | `{path}` | {auth} | {operation['summary']} | {statuses} |")
    lines.append("")
    lines.append("Errors are always `{\"error\": {\"code\", \"message\"[, \"advice\"]}}`. "
                 "The full OpenAPI 3.0 document is served at `GET /openapi.json`.")
    return "\n".join(lines)


def measurements_table() -> str:
    from tapeless.body.definitions import MEASUREMENTS

    lines = ["| name | measurement | standard | definition | where on the mesh |", "| --- | --- | --- | --- | --- |"]
    for m in MEASUREMENTS:
        lines.append(f"| `{m.name}` | {m.label} | {m.iso_clause} | {m.definition} | {m.landmark} |")
    return "\n".join(lines)


def accuracy_table() -> str:
    path = ROOT / "bench" / "results" / "accuracy.md"
    return path.read_text().strip() if path.exists() else "_Run `python bench/accuracy.py` to fill this table._"


SECTIONS = {"api": api_reference, "measurements": measurements_table, "accuracy": accuracy_table}


def render(text: str, sections: tuple[str, ...] = tuple(SECTIONS)) -> str:
    for name in sections:
        build = SECTIONS[name]
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda m, b=build: m.group(1) + b() + "\n" + m.group(2), text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether README.md is current")
    args = parser.parse_args()
    current = README.read_text()
    updated = render(current)
    if args.check:
        if updated != current:
            print("README.md is out of date: run python scripts/update_readme.py")
            return 1
        return 0
    README.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
