"""Re-create the committed sample captures in samples/captures/ (used by tests, `make demo` and benches).

    .venv/bin/python scripts/make_samples.py

Small on purpose: 720 × 960 photos, rest vertices as float16 (0.5 mm steps); each capture < 400 KB.
The seeds are chosen to cover light and dark skin, card and no card, an EXIF-turned photo.
"""

import argparse
import shutil
from pathlib import Path

from tapeless_local.synth import RenderOptions, render_capture

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples" / "captures"
SAMPLE_SEEDS = {"synth-a": 105, "synth-b": 108, "synth-c": 125, "synth-d": 113}
SAMPLE_OPTIONS = RenderOptions(width_px=720, vertices_dtype="float16")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=SAMPLES_DIR, help="where the sample folders go")
    args = parser.parse_args(argv)
    for name, seed in SAMPLE_SEEDS.items():
        folder = args.out / name
        shutil.rmtree(folder, ignore_errors=True)
        capture = render_capture(seed, folder, SAMPLE_OPTIONS)
        size_kb = sum(f.stat().st_size for f in folder.iterdir()) / 1024
        print(f"{name}: seed {seed}, Monk {capture.truth['monk']}, card {capture.truth['card'] is not None}, "
              f"orientations {[v.finish.orientation for v in capture.views.values()]}, {size_kb:.0f} KB")


if __name__ == "__main__":
    main()
