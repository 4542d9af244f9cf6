import csv
import io
import re

from chalice import Response
from support.http import body
from tapeless.body.definitions import BY_NAME, NAMES
from tapeless.export.pdf_sheet import ROWS_PER_PAGE, pdf_sheet
from tapeless.export.rows import SheetRow
from tapeless.export.sheets import measurement_sheet

MEASURED = {
    "hip_girth_cm": {"value_cm": 98.1, "low_cm": 95.2, "high_cm": 101.0, "confidence": 0.6},
    "stature_cm": {"value_cm": 171.2, "low_cm": 170.4, "high_cm": 172.0, "confidence": 0.9},
    "waist_girth_cm": {"value_cm": 79.4, "low_cm": 77.0, "high_cm": 81.8, "confidence": 0.7},
    "mass_kg": {"value": 68.3, "unit": "kg"},
}



def text(response) -> str:
    return response.body.decode() if isinstance(response.body, bytes) else response.body


def pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Checks the cross-reference table and stream lengths; returns each object's body by number."""
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf).group(1))
    assert pdf[xref_at:].startswith(b"xref\n0 ")
    count = int(pdf[xref_at:].split(b"\n")[1].split()[1])
    entries = pdf[xref_at:].split(b"\n")[3:2 + count]
    objects = {}
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        header = f"{number} 0 obj\n".encode()
        assert pdf[offset:offset + len(header)] == header, f"xref entry {number} points elsewhere"
        objects[number] = pdf[offset + len(header):pdf.index(b"\nendobj\n", offset)]
    for number, obj in objects.items():
        length = re.match(rb"<< /Length (\d+) >>\nstream\n", obj)
        if length:
            start = length.end()
            assert obj[start + int(length.group(1)):] == b"\nendstream", f"object {number} has a wrong /Length"
    return objects


def pdf_strings(pdf: bytes) -> list[str]:
    """The text drawn by Tj operators, unescaped and decoded from WinAnsi."""
    shown = []
    for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf):
        unescaped = re.sub(rb"\\([0-7]{3}|.)", lambda m: bytes([int(m.group(1), 8)]) if len(m.group(1)) == 3
                           else m.group(1), raw)
        shown.append(unescaped.decode("cp1252"))
    return shown


def test_csv_sheet_lists_lengths_in_registry_order_with_intervals(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    response = api.request("GET", f"/captures/{capture_id}/results.csv", token)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert capture_id in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text(response))))
    assert [r["name"] for r in rows] == [n for n in NAMES if n in MEASURED and BY_NAME[n].unit == "cm"]
    waist = next(r for r in rows if r["name"] == "waist_girth_cm")
    assert waist == {"name": "waist_girth_cm", "label": BY_NAME["waist_girth_cm"].label, "value_cm": "79.4",
                     "low_cm": "77", "high_cm": "81.8", "confidence": "0.7", "edited": "false"}


def test_csv_sheet_shows_the_users_correction_as_edited_without_an_interval(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    api.request("PATCH", f"/captures/{capture_id}/results", token, {"measurements": {"waist_girth_cm": 82.5}})
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(text(
        api.request("GET", f"/captures/{capture_id}/results.csv", token))))}
    assert (rows["waist_girth_cm"]["value_cm"], rows["waist_girth_cm"]["low_cm"]) == ("82.5", "")
    assert rows["waist_girth_cm"]["edited"] == "true"
    assert rows["hip_girth_cm"]["edited"] == "false"


def test_sheets_are_for_the_owner_only_and_only_once_finished(api):
    owner = api.token_for("owner@example.com")
    stranger = api.token_for("stranger@example.com", groups=("partner",))
    capture_id = api.finished_capture(owner, MEASURED)
    unfinished = body(api.request("POST", "/captures", owner, {}))["capture_id"]
    for suffix in ("csv", "pdf"):
        assert api.request("GET", f"/captures/{capture_id}/results.{suffix}", stranger).status_code == 404
        assert api.request("GET", f"/captures/{capture_id}/results.{suffix}").status_code == 401
        response = api.request("GET", f"/captures/{unfinished}/results.{suffix}", owner)
        assert response.status_code == 409
        assert body(response)["error"]["code"] == "not_ready"


def test_pdf_sheet_is_a_well_formed_pdf_showing_every_measurement(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    api.request("PATCH", f"/captures/{capture_id}/results", token, {"measurements": {"waist_girth_cm": 82.5}})
    response = api.request("GET", f"/captures/{capture_id}/results.pdf", token)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    pdf = text(response).encode("ascii")
    objects = pdf_objects(pdf)
    assert b"/Type /Catalog" in objects[1] and b"/Count 1" in objects[2]
    shown = pdf_strings(pdf)
    assert f"Capture {capture_id}, result version v0001" in shown
    assert any(line.endswith("edited by the user: yes (marked *), not yet approved") for line in shown)
    row = shown.index(BY_NAME["hip_girth_cm"].label)
    assert shown[row + 1:row + 4] == ["98.1", "95.2 - 101.0", "0.60"]
    row = shown.index(BY_NAME["waist_girth_cm"].label)
    assert shown[row + 1:row + 4] == ["82.5 *", "-", "-"]
    assert BY_NAME["mass_kg"].label not in shown  # a tailor's sheet is in centimetres


def test_pdf_escapes_brackets_and_non_ascii_text_and_pages_long_tables():
    rows = [SheetRow(f"m{i}_cm", f"Épaule (côté) {i} \\", 40.0 + i, None, None, None, False)
            for i in range(ROWS_PER_PAGE + 5)]
    pdf = pdf_sheet(rows, ["Für Schneider"])
    assert pdf.isascii()
    objects = pdf_objects(pdf)
    assert b"/Count 2" in objects[2]
    shown = pdf_strings(pdf)
    assert "Épaule (côté) 0 \\" in shown and f"Épaule (côté) {ROWS_PER_PAGE + 4} \\" in shown
    assert shown.count("Für Schneider") == 2  # the heading is repeated on each page
    assert "Page 2 of 2" in shown[-1]


def test_the_pdf_travels_as_text_so_api_gateway_needs_no_binary_media_type(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    capture = api.module.context.captures.get(capture_id)
    sheet = measurement_sheet(capture, api.module.results.latest(capture), "pdf")
    proxy_response = Response(body=sheet.body, headers=sheet.headers).to_dict(api.module.app.api.binary_types)
    assert not proxy_response.get("isBase64Encoded")
    assert proxy_response["body"].startswith("%PDF-1.4")
