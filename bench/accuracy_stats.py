"""Statistics and the markdown report of bench/accuracy.py (errors in cm, estimate − truth)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from tapeless.body.definitions import BY_NAME

BASELINE_GIRTHS = ("chest_girth_cm", "waist_girth_cm", "hip_girth_cm")
LENGTH_KINDS = ("length", "breadth", "height")


def family(name: str) -> str | None:
    """'girth', 'length' (lengths, breadths, heights other than stature) or None (stature, mass, …)."""
    definition = BY_NAME.get(name)
    if definition is None or definition.unit != "cm" or name == "stature_cm":
        return None
    if definition.kind == "girth":
        return "girth"
    return "length" if definition.kind in LENGTH_KINDS else None


def _mae(errors) -> float | None:
    return float(np.mean(np.abs(errors))) if len(errors) else None


def per_measurement(records: list[dict], key: str) -> dict[str, dict]:
    """{name: {n, mae, median, p95, bias, coverage_90}} over the successful records' `key` results."""
    errors: dict[str, list[float]] = {}
    covered: dict[str, list[bool]] = {}
    for record in records:
        result = record.get(key)
        if not result or "error" in result:
            continue
        for name, value in result["measurements"].items():
            truth = record["truth"].get(name)
            if truth is None:
                continue
            errors.setdefault(name, []).append(value["value_cm"] - truth)
            if value.get("low_cm") is not None:
                covered.setdefault(name, []).append(value["low_cm"] <= truth <= value["high_cm"])
    table = {}
    for name, errs in errors.items():
        absolute = np.abs(errs)
        table[name] = {
            "n": len(errs),
            "mae": float(absolute.mean()),
            "median": float(np.median(absolute)),
            "p95": float(np.percentile(absolute, 95)),
            "bias": float(np.mean(errs)),
            "coverage_90": float(np.mean(covered[name])) if name in covered else None,
        }
    return table


def summary(records: list[dict], key: str, girth_names: tuple[str, ...] | None = None) -> dict:
    """Headline numbers of one method (`key`) in one condition."""
    ok = [r for r in records if r.get(key) and "error" not in r[key]]
    girth, length, stature, cover = [], [], [], []
    cover_by_family: dict[str, list[bool]] = {"girth": [], "length": []}
    per_monk: dict[int, list[float]] = {}
    for record in ok:
        for name, value in record[key]["measurements"].items():
            truth = record["truth"].get(name)
            if truth is None:
                continue
            error = value["value_cm"] - truth
            kind = family(name)
            if name == "stature_cm":
                stature.append(error)
            elif kind == "girth" and (girth_names is None or name in girth_names):
                girth.append(error)
                per_monk.setdefault(record["monk"], []).append(error)
            elif kind == "length":
                length.append(error)
            if value.get("low_cm") is not None and kind is not None:
                cover.append(value["low_cm"] <= truth <= value["high_cm"])
                cover_by_family[kind].append(cover[-1])
    monk_mae = {monk: _mae(errs) for monk, errs in sorted(per_monk.items())}
    overall = _mae(girth)
    failures = Counter(r[key]["error"] for r in records if r.get(key) and "error" in r[key])
    seconds = [r[key]["seconds"] for r in ok]
    return {
        "n": len(records),
        "girth_mae_cm": overall,
        "length_mae_cm": _mae(length),
        "stature_mae_cm": _mae(stature),
        "coverage_90": float(np.mean(cover)) if cover else None,
        "coverage_90_girth": float(np.mean(cover_by_family["girth"])) if cover_by_family["girth"] else None,
        "coverage_90_length": float(np.mean(cover_by_family["length"])) if cover_by_family["length"] else None,
        "monk_girth_mae_cm": monk_mae,
        "worst_monk_ratio": (max(monk_mae.values()) / overall) if monk_mae and overall else None,
        "failure_rate": sum(failures.values()) / len(records) if records else None,
        "failure_reasons": dict(failures),
        "seconds_per_capture_p50": float(np.median(seconds)) if seconds else None,
        "seconds_per_capture_p95": float(np.percentile(seconds, 95)) if seconds else None,
    }


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def measurement_table(table: dict[str, dict]) -> list[str]:
    lines = ["| measurement | n | MAE | median | p95 | bias | 90 % coverage |", "| --- | --- | --- | --- | --- | --- | --- |"]
    order = [name for name in BY_NAME if name in table] + [name for name in table if name not in BY_NAME]
    for name in order:
        row = table[name]
        lines.append(
            f"| {name} | {row['n']} | {_fmt(row['mae'])} | {_fmt(row['median'])} | {_fmt(row['p95'])} "
            f"| {_fmt(row['bias'])} | {_fmt(row['coverage_90'])} |"
        )
    return lines


def summary_lines(label: str, stats: dict) -> list[str]:
    monk = ", ".join(f"{m}: {_fmt(v)}" for m, v in stats["monk_girth_mae_cm"].items()) or "–"
    reasons = ", ".join(f"{k} × {v}" for k, v in stats["failure_reasons"].items()) or "none"
    return [
        f"- **{label}**: girth MAE {_fmt(stats['girth_mae_cm'])} cm, length MAE {_fmt(stats['length_mae_cm'])} cm, "
        f"stature MAE {_fmt(stats['stature_mae_cm'])} cm, 90 % coverage {_fmt(stats['coverage_90'])} "
        f"(girths {_fmt(stats['coverage_90_girth'])}, lengths {_fmt(stats['coverage_90_length'])}), "
        f"failures {_fmt(stats['failure_rate'], 3)} ({reasons}), s/capture p50 {_fmt(stats['seconds_per_capture_p50'])} "
        f"p95 {_fmt(stats['seconds_per_capture_p95'])}",
        f"  - girth MAE by Monk bucket: {monk}; worst/overall {_fmt(stats['worst_monk_ratio'])}",
    ]
