import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "captures"


class SampleCapture:
    def __init__(self, name: str):
        self.directory = SAMPLES / name
        self.truth = json.loads((self.directory / "truth.json").read_text())
        self.front_jpeg = (self.directory / "front.jpg").read_bytes()
        self.side_jpeg = (self.directory / "side.jpg").read_bytes()


@pytest.fixture(scope="session")
def sample_capture():
    cache = {}

    def load(name: str) -> SampleCapture:
        if name not in cache:
            cache[name] = SampleCapture(name)
        return cache[name]

    return load
