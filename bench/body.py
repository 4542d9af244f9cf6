"""Body model benchmark: runtime speed, export sizes, and five reference bodies measured.

Prints (never asserts) tables of:
- the numpy runtime: import and load time, rest forward (batch 1 and 64), skinning, keypoints, measure();
- export sizes (model file, glb, obj, JSON sidecar);
- five reference bodies' ISO 8559-1 measurements, beside `anny.Anthropometry`'s height and waist for the
  same bodies when anny is importable (run with .venv-model/bin/python for that column).

Usage: .venv/bin/python bench/body.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from tapeless.body.definitions import BY_NAME, NAMES
from tapeless.body.export import write_glb, write_obj, write_sidecar
from tapeless.body.measure import measure
from tapeless.body.model import BodyModel, default_model_path
from tapeless.body.posing import JointAngles, bone_rotations
from tapeless.body.stature import solve_phenotype_for_stature

REFERENCE_BODIES = {  # name -> (stature cm, other phenotypes)
    "female 160 slim": (160.0, dict(gender=1.0, weight=0.25, muscle=0.4)),
    "female 168 average": (168.0, dict(gender=1.0)),
    "male 176 average": (176.0, dict(gender=0.0)),
    "male 188 heavy": (188.0, dict(gender=0.0, weight=0.85, muscle=0.6)),
    "neutral 172 older": (172.0, dict(gender=0.5, age=0.95, weight=0.6)),
}


def timed_ms(function, repeats: int) -> float:
    """Median wall time of `function()` in milliseconds (after one warm-up call)."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000.0 * float(np.median(times))


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print("| " + " | ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)) + " |")


def import_and_load_ms() -> tuple[float, float]:
    code = ("import time, numpy, scipy; t = time.perf_counter(); import tapeless.body.model as m;"
            " a = time.perf_counter();"
            "m.BodyModel.load(); print((a - t) * 1000, (time.perf_counter() - a) * 1000)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    import_ms, load_ms = map(float, output.split())
    return import_ms, load_ms


def runtime_rows(model: BodyModel, repeats: int) -> list[list[str]]:
    rng = np.random.default_rng(0)
    one = rng.uniform(0, 1, (1, 6))
    many = rng.uniform(0, 1, (64, 6))
    import_ms, load_ms = import_and_load_ms()
    skeleton = model.rest_skeleton(one)
    rotations = bone_rotations(model, skeleton.bone_heads, JointAngles(arm_abduction_left_deg=30.0))
    big = model.rest_skeleton(many)
    big_rotations = np.broadcast_to(rotations, (64, *rotations.shape[1:]))
    vertices = skeleton.vertices[0]
    return [
        ["import tapeless.body.model (numpy loaded)", "-", f"{import_ms:.1f}"],
        ["BodyModel.load() (first, reads the npz)", "-", f"{load_ms:.0f}"],
        ["rest_vertices", "1", f"{timed_ms(lambda: model.rest_vertices(one), repeats):.2f}"],
        ["rest_vertices", "64", f"{timed_ms(lambda: model.rest_vertices(many), repeats):.1f}"],
        ["rest_skeleton (vertices + bones)", "1", f"{timed_ms(lambda: model.rest_skeleton(one), repeats):.2f}"],
        ["rest_skeleton (vertices + bones)", "64", f"{timed_ms(lambda: model.rest_skeleton(many), repeats):.1f}"],
        ["pose (LBS)", "1", f"{timed_ms(lambda: model.pose(skeleton, rotations), repeats):.1f}"],
        ["pose (LBS)", "64", f"{timed_ms(lambda: model.pose(big, big_rotations), max(3, repeats // 5)):.0f}"],
        ["keypoints", "1", f"{timed_ms(lambda: model.keypoints(vertices), repeats):.2f}"],
        ["measure() (31 values)", "1", f"{timed_ms(lambda: measure(vertices), repeats):.1f}"],
    ]


def export_rows(model: BodyModel) -> list[list[str]]:
    vertices = model.rest_vertices(model.phenotype_vector(age=0.8))[0]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        files = [
            default_model_path(),
            write_glb(folder / "body.glb", vertices, model.faces),
            write_obj(folder / "body.obj", vertices, model.faces),
            write_sidecar(folder / "body.json", {"phenotype": dict(zip(model.phenotype_names, [0.5] * 6,
                                                                        strict=True))},
                          measure(vertices).to_json()["measurements"]),
        ]
        return [[file.name, f"{file.stat().st_size / 1e6:.2f}"] for file in files]


def anny_reference(phenotypes: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Anny's own Anthropometry height and waist (cm) of the bodies, or None without anny."""
    try:
        os.environ.setdefault("ANNY_CACHE_DIR", str(Path(__file__).resolve().parents[1] / ".cache" / "anny"))
        import anny
        import torch
    except ImportError:
        return None
    model = anny.Anny(skinning_method="lbs")
    with torch.no_grad():
        rest = model(phenotype_kwargs=torch.tensor(phenotypes))["rest_vertices"]
        anthropometry = anny.Anthropometry(model)
        return (anthropometry.height(rest).numpy() * 100, anthropometry.waist_circumference(rest).numpy() * 100)


def reference_rows(model: BodyModel) -> tuple[list[str], list[list[str]]]:
    phenotypes = np.stack([solve_phenotype_for_stature(s, model, **p) for s, p in REFERENCE_BODIES.values()])
    results = [measure(model.rest_vertices(p)[0]) for p in phenotypes]
    header = ["measurement", *REFERENCE_BODIES]
    rows = [[name, *[f"{r[name]:.1f}" for r in results]] for name in NAMES]
    reference = anny_reference(phenotypes)
    if reference is None:
        rows.append(["anny.Anthropometry", *["(needs anny)"] * len(results)])
    else:
        rows.append(["anny height_cm", *[f"{h:.1f}" for h in reference[0]]])
        rows.append(["anny waist_cm (46-vertex loop)", *[f"{w:.1f}" for w in reference[1]]])
    return header, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="timed calls per row (median reported)")
    args = parser.parse_args(argv)
    model = BodyModel.load()
    print(f"Body model: Anny {model.anny_version}, {model.vertex_count} vertices, {len(model.phenotype_names)} "
          f"phenotypes + {len(model.local_names)} local sliders; numpy {np.__version__}, {os.cpu_count()} CPUs")
    print_table("Runtime (median ms)", ["operation", "batch", "ms"], runtime_rows(model, args.repeats))
    print_table("Export sizes", ["file", "MB"], export_rows(model))
    header, rows = reference_rows(model)
    print_table("Reference bodies (units in the names; limbs on the right side)", header, rows)
    print("\nNotes: stature is the mesh's vertical extent, as Anny's height. Anny's waist is the length of a"
          " fixed loop of 46 vertices (a polyline, following hollows, at a fixed place on the template);"
          f" ours is the convex (tape) girth of the {BY_NAME['waist_girth_cm'].landmark[:60].lower()}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
