"""`python -m tapeless_local.synth --n 20 --out data/synth`: render synthetic captures with ground truth."""

import argparse
from pathlib import Path

from tapeless_local.synth.capture import RenderOptions
from tapeless_local.synth.generate import generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20, help="number of captures to render")
    parser.add_argument("--first-seed", type=int, default=0, help="seed of the first capture")
    parser.add_argument("--out", type=Path, default=Path("data/synth"), help="output folder (one sub-folder per seed)")
    parser.add_argument("--width", type=int, default=RenderOptions.width_px, help="photo width in pixels (3:4 portrait)")
    args = parser.parse_args(argv)
    generate(args.n, args.first_seed, args.out, RenderOptions(width_px=args.width))


if __name__ == "__main__":
    main()
