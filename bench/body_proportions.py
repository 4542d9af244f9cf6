"""Measurement proportions on six reference adults: every registry measurement and its ratio to
stature, beside the adult range published anthropometry puts that ratio in (ANSUR II / CAESAR means,
size charts). Prints a Markdown table; asserts nothing.

Usage: .venv/bin/python bench/body_proportions.py
"""

from __future__ import annotations

import time

from tapeless.body.definitions import MEASUREMENTS
from tapeless.body.measure import measure
from tapeless.body.model import BodyModel
from tapeless.body.stature import solve_phenotype_for_stature

BODIES = {  # name -> (stature cm, phenotype values; unnamed ones default, age 0.75)
    "M178": (178.0, dict(gender=0.0)),
    "F165": (165.0, dict(gender=1.0)),
    "M195 slim": (195.0, dict(gender=0.0, weight=0.15, muscle=0.4)),
    "F152 heavy": (152.0, dict(gender=1.0, weight=0.9)),
    "M175 muscular": (175.0, dict(gender=0.0, weight=0.75, muscle=0.9)),
    "F160 older": (160.0, dict(gender=1.0, weight=0.6, age=0.95)),
}
ADULT_RATIO = {  # published adult means fall in these ranges (ratio to stature)
    "waist_height_cm": "0.60-0.63", "inside_leg_length_cm": "0.45-0.48", "hip_height_cm": "0.50-0.53",
    "back_length_cm": "0.24-0.26", "arm_length_cm": "0.32-0.34", "upper_arm_length_cm": "0.19-0.21",
    "shoulder_breadth_cm": "0.22-0.23", "neck_girth_cm": "0.20-0.23", "head_girth_cm": "0.32-0.34",
}


def main() -> None:
    model = BodyModel.load()
    results, timings_ms = {}, {}
    for name, (stature, phenotype) in BODIES.items():
        vertices = model.rest_vertices(solve_phenotype_for_stature(stature, model, **phenotype))[0]
        measure(vertices, model=model)
        start = time.perf_counter()
        results[name] = measure(vertices, model=model)
        timings_ms[name] = (time.perf_counter() - start) * 1000
        print(f"- {name}: phenotype {phenotype} (age 0.75 unless given), stature {stature} cm, "
              f"measure() {timings_ms[name]:.0f} ms")
    print("\n| measurement | adult ratio | " + " | ".join(BODIES) + " |")
    print("| --- | --- |" + " --- |" * len(BODIES))
    for definition in MEASUREMENTS:
        cells = []
        for r in results.values():
            value = r[definition.name]
            ratio = f" ({value / r['stature_cm']:.3f})" if definition.unit == "cm" else ""
            cells.append(f"{value:.1f}{ratio}")
        print(f"| {definition.name} | {ADULT_RATIO.get(definition.name, '')} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
