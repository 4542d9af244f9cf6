"""Render one capture (small photos) and check it against its own truth."""

import io
import json

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps
from tapeless.body.measure import measure
from tapeless.body.model import BodyModel, RestSkeleton
from tapeless.body.posing import JointAngles
from tapeless.body.stature import stature_cm
from tapeless_local.synth import RenderOptions, render_capture
from tapeless_local.synth.bodies import Body, Pose, place_in_world
from tapeless_local.synth.camera import Camera

SEED = 1
# Every photo stored turned with an EXIF Orientation tag, and a card on the front.
OPTIONS = RenderOptions(width_px=480, card_share=1.0, rotated_share=1.0)


@pytest.fixture(scope="module")
def capture():
    return render_capture(SEED, None, OPTIONS)


@pytest.fixture(scope="module")
def capture_without_card():
    return render_capture(SEED, None, RenderOptions(width_px=480, card_share=0.0, rotated_share=1.0))


def test_projected_card_corners_outline_the_card_drawn_in_the_photo(capture, capture_without_card):
    # The same seed without the card differs from the capture only where the card was drawn (plus the
    # pixel or so that blur and sharpening spread its edges over).
    difference = np.abs(capture.front.rgb.astype(int) - capture_without_card.front.rgb.astype(int)).sum(axis=2)
    drawn = difference > 20
    corners = np.asarray(capture.truth["card"]["corners_px"]["front"])
    outline = np.zeros(drawn.shape, np.uint8)
    cv2.fillConvexPoly(outline, np.round(corners * 16).astype(np.int32), 1, cv2.LINE_8, 4)
    inside_px = cv2.distanceTransform(outline, cv2.DIST_L2, 3)
    outside_px = cv2.distanceTransform(1 - outline, cv2.DIST_L2, 3)
    # Everything a pixel inside the projected outline was drawn; nearly nothing beyond a pixel outside it.
    assert drawn[inside_px > 1.0].mean() > 0.97
    assert (outside_px[drawn] <= 1.0).mean() > 0.97
    assert np.array_equal(capture.side.rgb, capture_without_card.side.rgb)


def test_card_corners_in_3d_are_an_id1_card(capture):
    corners = np.asarray(capture.truth["card"]["corners_3d_m"])
    assert np.linalg.norm(corners[1] - corners[0]) * 1000 == pytest.approx(85.60, abs=0.01)
    assert np.linalg.norm(corners[2] - corners[1]) * 1000 == pytest.approx(53.98, abs=0.01)
    camera = Camera.from_dict(capture.truth["views"]["front"]["camera"])
    assert np.allclose(camera.project(corners), capture.truth["card"]["corners_px"]["front"])


def _posed_from_truth(capture, view: str) -> np.ndarray:
    """The view's posed world vertices, rebuilt from truth.json and the true rest vertices alone."""
    model = BodyModel.load()
    body = capture.truth["body"]
    skeleton = model.rest_skeleton(model.phenotype_vector(**body["phenotype"]), model.local_vector(**body["local"]))
    skeleton = RestSkeleton(capture.rest_vertices[None], skeleton.bone_heads, skeleton.bone_poses)
    pose = capture.truth["views"][view]["pose"]
    placed = Pose(JointAngles(**pose["angles"]), tuple(pose["elbow_bend_deg"]), pose["yaw_deg"], tuple(pose["position_m"]))
    person = Body(body["phenotype"], body["local"], body["extra_displacement_mm"], skeleton, capture.truth["stature_cm"])
    return place_in_world(model, person, placed)


@pytest.mark.parametrize("view", ["front", "side"])
def test_silhouette_height_matches_the_projected_stature_within_one_percent(capture, view):
    # Perspective makes the toes, nearer the camera, reach lower in the photo than the heels, so the
    # stature is projected as the posed body of that stature stands: its crown and its lowest points.
    posed = _posed_from_truth(capture, view)
    assert np.ptp(posed[:, 2]) * 100 == pytest.approx(capture.truth["stature_cm"], rel=0.01)
    camera = Camera.from_dict(capture.truth["views"][view]["camera"])
    projected_px = np.ptp(camera.project(posed)[:, 1])
    rows = np.nonzero(capture.views[view].mask.any(axis=1))[0]
    assert rows[-1] - rows[0] + 1 == pytest.approx(projected_px, rel=0.01)


@pytest.mark.parametrize("view", ["front", "side"])
def test_exif_rotated_photos_decode_upright(capture, view):
    stored = Image.open(io.BytesIO(capture.views[view].jpeg))
    orientation = stored.getexif().get(0x0112)
    assert orientation in (3, 6, 8)
    upright = np.asarray(ImageOps.exif_transpose(stored))
    assert upright.shape == capture.views[view].rgb.shape
    if orientation in (6, 8):
        assert stored.size == (upright.shape[0], upright.shape[1])
    # Blurring averages out sensor noise and JPEG loss; a wrongly turned image would differ everywhere.
    decoded, rendered = (cv2.GaussianBlur(a.astype(np.float32), (0, 0), 2.0) for a in (upright, capture.views[view].rgb))
    assert np.abs(decoded - rendered).mean() < 2


def test_truth_measurements_are_those_of_the_true_rest_body(capture):
    measured = measure(capture.rest_vertices).values
    assert capture.truth["measurements"]["waist_girth_cm"] == pytest.approx(measured["waist_girth_cm"])
    assert capture.truth["stature_cm"] == pytest.approx(float(stature_cm(capture.rest_vertices)))
    assert 150 <= capture.truth["stature_cm"] <= 200.5


def test_a_seed_always_renders_the_same_capture(capture):
    again = render_capture(SEED, None, OPTIONS)
    assert again.front.jpeg == capture.front.jpeg
    assert again.side.jpeg == capture.side.jpeg
    assert json.dumps(again.truth) == json.dumps(capture.truth)


def test_written_capture_holds_photos_masks_truth_and_vertices(capture, tmp_path):
    from tapeless_local.synth import write_capture

    write_capture(capture, tmp_path)
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert truth["seed"] == SEED
    for view in ("front", "side"):
        mask = cv2.imread(str(tmp_path / truth["views"][view]["mask"]), cv2.IMREAD_GRAYSCALE) > 0
        assert np.array_equal(mask, capture.views[view].mask)
        assert (tmp_path / truth["views"][view]["image"]).read_bytes() == capture.views[view].jpeg
    assert np.array_equal(np.load(tmp_path / "truth_vertices.npy"), capture.rest_vertices)


def test_a_seed_is_the_same_scene_at_any_resolution(capture):
    small = render_capture(SEED, None, RenderOptions(width_px=240, card_share=1.0, rotated_share=1.0))
    for view in ("front", "side"):
        assert small.truth["views"][view]["pose"] == capture.truth["views"][view]["pose"]
        assert small.truth["views"][view]["finish"] == capture.truth["views"][view]["finish"]
        assert small.truth["views"][view]["camera"]["hfov_deg"] == pytest.approx(capture.truth["views"][view]["camera"]["hfov_deg"])
    assert small.truth["measurements"] == capture.truth["measurements"]


@pytest.mark.parametrize("view", ["front", "side"])
def test_exif_focal_length_gives_the_true_focal_length_within_its_rounding(capture, view):
    from tapeless.body.camera import PinholeCamera

    exif = Image.open(io.BytesIO(capture.views[view].jpeg)).getexif().get_ifd(0x8769)
    truth_camera = capture.truth["views"][view]["camera"]
    focal_35mm = exif.get(0xA405)
    assert (focal_35mm is None) == (capture.truth["views"][view]["finish"]["focal_35mm_mm"] is None)
    if focal_35mm is not None:
        camera = PinholeCamera.from_image_size(truth_camera["width_px"], truth_camera["height_px"], focal_35mm_mm=focal_35mm)
        # FocalLengthIn35mmFilm is a whole number of millimetres: at most 0.5 mm off, about 2–2.5 %.
        assert camera.focal_px == pytest.approx(truth_camera["K"][0][0], rel=0.03)


@pytest.mark.parametrize("view", ["front", "side"])
def test_projected_keypoints_lie_on_the_person(capture, view):
    keypoints = capture.truth["views"][view]["keypoints_px"]
    mask = capture.views[view].mask
    for name in ("nose", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"):
        u, v = np.round(keypoints[name]).astype(int)
        assert mask[max(v - 2, 0) : v + 3, max(u - 2, 0) : u + 3].any(), name
    # the head is above the hips, the hips above the ankles
    assert keypoints["nose"][1] < keypoints["left_hip"][1] < keypoints["left_ankle"][1]
