"""Prints result documents as rich tables, JSON or CSV."""

import csv
import io
import json

from rich.console import Console
from rich.table import Table


def measurement_rows(document: dict) -> list[dict]:
    rows = []
    for name, m in document.get("measurements", {}).items():
        rows.append({"name": name, "value_cm": m.get("value_cm"), "low_cm": m.get("low_cm"),
                     "high_cm": m.get("high_cm"), "confidence": m.get("confidence")})
    return rows


def _fmt(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def measurements_table(document: dict) -> Table:
    table = Table(title="Measurements (90 % interval)", show_lines=False)
    for column, justify in (("measurement", "left"), ("value cm", "right"), ("low cm", "right"),
                            ("high cm", "right"), ("confidence", "right")):
        table.add_column(column, justify=justify)
    for row in measurement_rows(document):
        table.add_row(row["name"], _fmt(row["value_cm"]), _fmt(row["low_cm"]), _fmt(row["high_cm"]),
                      _fmt(row["confidence"], 2))
    return table


def print_document(console: Console, document: dict) -> None:
    console.print(measurements_table(document))
    shape = document.get("shape") or {}
    if shape:
        console.print(f"[bold]Body shape:[/bold] {shape.get('class')} (confidence {_fmt(shape.get('confidence'), 2)})")
    skin = document.get("skin") or {}
    if skin:
        console.print(f"[bold]Skin:[/bold] Monk {skin.get('monk_bucket')}, ITA {_fmt(skin.get('ita_deg'))}° "
                      f"({skin.get('ita_class')}), undertone {skin.get('undertone')}")
    quality = document.get("quality") or {}
    if quality:
        console.print(f"[bold]Quality:[/bold] overall confidence {_fmt(quality.get('overall_confidence'), 2)}; "
                      f"flags: {', '.join(quality.get('flags') or []) or 'none'}")
        for advice in quality.get("advice") or []:
            console.print(f"  • {advice}")
    links = document.get("links") or {}
    if links:
        console.print("[bold]Downloads:[/bold] " + ", ".join(sorted(links)))


def to_csv(document: dict) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["name", "value_cm", "low_cm", "high_cm", "confidence"])
    writer.writeheader()
    writer.writerows(measurement_rows(document))
    return buffer.getvalue()


def to_json(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True)
