"""The measurement sheet as a PDF, written by hand: PDF 1.4, A4 pages, the standard Helvetica fonts,
uncompressed text. The Lambda needs no PDF library for one table.

The whole file is 7-bit ASCII (characters outside it are octal escapes in WinAnsiEncoding), so API
Gateway passes it through unchanged as a text body, without a binary media type.
"""

from tapeless.export.rows import SheetRow

PAGE_WIDTH_PT, PAGE_HEIGHT_PT = 595, 842  # A4 portrait, 1 pt = 1/72 inch
LEFT_PT, RIGHT_PT, TOP_PT = 50, 545, 792
LINE_PT = 16
ROWS_PER_PAGE = 40
# (x position in pt, header) of each table column
COLUMNS = ((LEFT_PT, "Measurement"), (290, "Value (cm)"), (365, "90 % interval (cm)"), (475, "Confidence"))
EDITED_MARK = " *"


def _pdf_string(text: str) -> str:
    """A PDF literal string: ( ) and \\ escaped, anything outside printable ASCII as \\ddd (WinAnsi)."""
    out = []
    for byte in text.encode("cp1252", errors="replace"):
        if byte in b"()\\":
            out.append("\\" + chr(byte))
        elif 32 <= byte < 127:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def _text(x_pt: float, y_pt: float, text: str, bold: bool = False, size_pt: int = 10) -> str:
    font = "/F2" if bold else "/F1"
    return f"BT {font} {size_pt} Tf {x_pt} {y_pt} Td {_pdf_string(text)} Tj ET"


def _rule(y_pt: float) -> str:
    return f"0.5 w {LEFT_PT} {y_pt} m {RIGHT_PT} {y_pt} l S"


def _number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _page_content(rows: list[SheetRow], heading: list[str], page: int, pages: int) -> str:
    ops = [_text(LEFT_PT, TOP_PT, "Tapeless measurement sheet", bold=True, size_pt=16)]
    y = TOP_PT - 22
    for line in heading:
        ops.append(_text(LEFT_PT, y, line))
        y -= 14
    y -= 10
    ops += [_text(x, y, title, bold=True) for x, title in COLUMNS]
    ops.append(_rule(y - 5))
    for row in rows:
        y -= LINE_PT
        interval = "-" if row.low_cm is None or row.high_cm is None else \
            f"{_number(row.low_cm)} - {_number(row.high_cm)}"
        cells = (row.label, _number(row.value_cm) + (EDITED_MARK if row.edited else ""), interval,
                 _number(row.confidence, 2))
        ops += [_text(x, y, cell) for (x, _), cell in zip(COLUMNS, cells, strict=True)]
    ops.append(_text(LEFT_PT, 40, f"* edited by the user, not measured.   Page {page} of {pages}", size_pt=8))
    return "\n".join(ops)


def pdf_sheet(rows: list[SheetRow], heading: list[str]) -> bytes:
    """A PDF document (bytes, ASCII only) of `rows` under the title and `heading` lines."""
    chunks = [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>"
    page_ids = [5 + 2 * i for i in range(len(chunks))]
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {len(chunks)} >>",
        font.format("Helvetica"),
        font.format("Helvetica-Bold"),
    ]
    for page_id, (number, chunk) in zip(page_ids, enumerate(chunks, start=1), strict=True):
        content = _page_content(chunk, heading, number, len(chunks))
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH_PT} {PAGE_HEIGHT_PT}] "
                       f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {page_id + 1} 0 R >>")
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    return out.encode("ascii")
