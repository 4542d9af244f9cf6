"""Every file of the bad-input corpus (scripts/make_bad_inputs.py) gets its named error, and nothing else
escapes: odd but valid files are converted instead."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tapeless.errors import TapelessError
from tapeless.photos import check_pair, check_photo
from tapeless.photos.errors import PhotoRejected

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    out_dir = tmp_path_factory.mktemp("bad_inputs")
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "make_bad_inputs.py"), str(out_dir)], check=True)
    return out_dir, json.loads((out_dir / "manifest.json").read_text())


def _outcome(out_dir: Path, entry: dict, accepted: dict) -> str | None:
    """The class name of the error raised for `entry`, or None when it is accepted."""
    try:
        photo = check_photo((out_dir / entry["file"]).read_bytes(), entry["view"])
        accepted[entry["file"]] = photo
        if entry.get("pair_with"):
            check_pair(accepted[entry["pair_with"]], photo)
    except PhotoRejected as error:
        assert f"The {entry['view']} photo" in error.message
        assert error.advice and error.advice[:-1].lower() in error.message.lower()
        return type(error).__name__
    return None


def test_the_corpus_holds_at_least_thirty_files_that_must_be_refused(corpus):
    _, entries = corpus
    assert sum(1 for entry in entries if entry["expected_error"]) >= 30


def test_every_bad_file_gets_its_named_error_with_a_message_naming_the_view(corpus):
    out_dir, entries = corpus
    accepted: dict = {}
    mismatches = []
    for entry in entries:
        if entry["needs_vision"]:
            continue
        outcome = _outcome(out_dir, entry, accepted)
        if outcome != entry["expected_error"]:
            mismatches.append((entry["file"], entry["expected_error"], outcome))
    assert mismatches == []


def test_converted_files_come_out_as_upright_eight_bit_rgb(corpus):
    out_dir, entries = corpus
    for entry in entries:
        if entry["expected_error"] is None:
            photo = check_photo((out_dir / entry["file"]).read_bytes(), entry["view"])
            assert photo.rgb.dtype == np.uint8 and photo.rgb.shape[2] == 3
            if "upright_size" in entry:
                assert [photo.width_px, photo.height_px] == entry["upright_size"]


def test_person_cases_are_listed_for_the_vision_checks_and_pass_the_photo_checks(corpus):
    out_dir, entries = corpus
    person_cases = [entry for entry in entries if entry["needs_vision"]]
    assert {"NoPersonFound", "MultiplePeople", "PersonCutOff"} <= {entry["expected_error"] for entry in person_cases}
    for entry in person_cases:
        assert check_photo((out_dir / entry["file"]).read_bytes(), entry["view"]).quality.ok


def test_every_photo_error_is_a_tapeless_error_with_a_distinct_code():
    classes = PhotoRejected.__subclasses__()
    assert all(issubclass(cls, TapelessError) for cls in classes)
    assert len({cls.code for cls in classes}) == len(classes) >= 10
