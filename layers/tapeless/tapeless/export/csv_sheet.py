"""The measurement sheet as CSV (RFC 4180): one header line, then one line per measurement."""

import csv
import io

from tapeless.export.rows import SheetRow

CSV_COLUMNS = ("name", "label", "value_cm", "low_cm", "high_cm", "confidence", "edited")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def csv_sheet(rows: list[SheetRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(getattr(row, column)) for column in CSV_COLUMNS])
    return out.getvalue()
