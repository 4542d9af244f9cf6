from io import BytesIO

import cv2
import numpy as np
from PIL import Image
from tapeless.body.camera import PinholeCamera, rotation_matrix, view_rotation
from tapeless.body.views import ViewAnalysis, focal_35mm_from_exif


def test_exif_35mm_focal_length_sets_the_focal_in_pixels_by_the_diagonal():
    image = Image.new("RGB", (300, 400))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0xA405] = 26
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    focal_35mm = focal_35mm_from_exif(buffer.getvalue())
    camera = PinholeCamera.from_image_size(300, 400, focal_35mm_mm=focal_35mm)
    assert focal_35mm == 26
    assert abs(camera.focal_px - 26 / 43.27 * 500) < 1e-6


def test_photo_without_exif_gets_the_default_field_of_view():
    buffer = BytesIO()
    Image.new("RGB", (300, 400)).save(buffer, format="PNG")
    camera = PinholeCamera.from_image_size(300, 400, focal_35mm_mm=focal_35mm_from_exif(buffer.getvalue()))
    horizontal_fov_deg = np.degrees(2 * np.arctan(150 / camera.focal_px))
    assert 60 < horizontal_fov_deg < 75


def test_a_body_facing_the_camera_has_its_head_up_in_the_image():
    camera = PinholeCamera.from_image_size(600, 800)
    head_and_feet_body = np.array([[0, 0, 0.8], [0, 0, -0.8]])
    points_cam = head_and_feet_body @ view_rotation(0).T + [0, 0, 3.0]
    (_, head_v), (_, feet_v) = camera.project(points_cam)
    assert head_v < camera.cy_px < feet_v


def test_rotation_matrix_is_orthonormal_and_turns_by_its_angle():
    rotation = rotation_matrix(np.array([0, 0, np.pi / 2]))
    np.testing.assert_allclose(rotation @ rotation.T, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(rotation @ [1, 0, 0], [0, 1, 0], atol=1e-12)


def test_view_analysis_survives_json_and_rebuilds_its_mask():
    height, width = 200, 150
    yy, xx = np.mgrid[0:height, 0:width]
    silhouette = ((xx - 75) / 40.0) ** 2 + ((yy - 100) / 80.0) ** 2 < 1
    contours, _ = cv2.findContours(silhouette.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    analysis = ViewAnalysis("front", PinholeCamera.from_image_size(width, height), np.zeros((33, 2)), np.ones(33),
                            contours[0][:, 0, :].astype(float))
    rebuilt = ViewAnalysis.from_dict(analysis.to_dict()).mask() > 0.5
    intersection = np.logical_and(rebuilt, silhouette).sum()
    union = np.logical_or(rebuilt, silhouette).sum()
    assert intersection / union > 0.97
