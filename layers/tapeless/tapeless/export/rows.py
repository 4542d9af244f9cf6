"""The rows of a measurement sheet: the registry's length measurements in registry order."""

from dataclasses import dataclass

from tapeless.body.definitions import MEASUREMENTS


@dataclass(frozen=True)
class SheetRow:
    """One measurement in cm: value, 90 % interval (None when unknown) and 0–1 confidence."""

    name: str
    label: str
    value_cm: float
    low_cm: float | None
    high_cm: float | None
    confidence: float | None
    edited: bool


def sheet_rows(document: dict) -> list[SheetRow]:
    """Lengths (unit cm) present in a result document, in registry order; volume, mass and BMI are
    left out: a tailor's sheet is in centimetres."""
    measurements = document.get("measurements") or {}
    edited = set(document.get("edited_measurements") or ())
    rows = []
    for definition in MEASUREMENTS:
        entry = measurements.get(definition.name)
        if definition.unit != "cm" or not entry or entry.get("value_cm") is None:
            continue
        rows.append(SheetRow(definition.name, definition.label, entry["value_cm"], entry.get("low_cm"),
                             entry.get("high_cm"), entry.get("confidence"), definition.name in edited))
    return rows
