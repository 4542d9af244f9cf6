"""Synthetic two-photo captures with exact ground truth (issue 5): tooling, never part of the Lambda layer.

`render_capture(seed)` renders a front (A-pose) and a side (profile) phone photo of a random Anny body in
a random room, with an ID-1 card on most fronts, and returns them with the truth (see capture.py);
`generate(n, first_seed, out_dir)` writes many. Command line: `python -m tapeless_local.synth --n 20`.
"""

from tapeless_local.synth.capture import Capture, RenderOptions, load_truth, render_capture, write_capture
from tapeless_local.synth.generate import generate

__all__ = ["Capture", "RenderOptions", "generate", "load_truth", "render_capture", "write_capture"]
