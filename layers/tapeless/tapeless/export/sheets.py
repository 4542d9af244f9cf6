"""A capture's measurement sheet as a download: CSV or PDF of its newest result version."""

from dataclasses import dataclass

from tapeless.export.csv_sheet import csv_sheet
from tapeless.export.pdf_sheet import pdf_sheet
from tapeless.export.rows import sheet_rows
from tapeless.store.models import Capture, Result

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


@dataclass(frozen=True)
class Download:
    body: str  # the PDF is ASCII, so both formats travel as text
    headers: dict[str, str]


def measurement_sheet(capture: Capture, result: Result, file_format: str) -> Download:
    """`file_format` is "csv" or "pdf"; edited values are marked as such in both."""
    rows = sheet_rows(result.document)
    if file_format == "csv":
        body = csv_sheet(rows)
    else:
        document = result.document
        edited = "no"
        if document.get("edited"):
            edited = "yes (marked *), " + ("approved" if document.get("approved") else "not yet approved")
        heading = [f"Capture {capture.capture_id}, result version {result.version}",
                   f"Measured {capture.finished_at or capture.created_at}; edited by the user: {edited}",
                   "Values and 90 % intervals in centimetres; confidence from 0 to 1."]
        body = pdf_sheet(rows, heading).decode("ascii")
    filename = f"tapeless-{capture.capture_id}.{file_format}"
    return Download(body=body, headers={"Content-Type": CONTENT_TYPES[file_format],
                                        "Content-Disposition": f'attachment; filename="{filename}"'})
