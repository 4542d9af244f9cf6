"""Plane sections and tape lengths on synthetic meshes with known answers."""

import numpy as np
import pytest
from tapeless.body import sections


def cylinder(radius_m: float, height_m: float, segments: int = 256, rings: int = 20):
    """Closed triangulated cylinder along Z from z=0 to height_m: (V, 3) vertices, (F, 3) faces."""
    angles = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    ring = np.stack([radius_m * np.cos(angles), radius_m * np.sin(angles)], axis=1)
    heights = np.linspace(0, height_m, rings)
    vertices = np.concatenate([np.column_stack([ring, np.full(segments, h)]) for h in heights])
    faces = []
    for r in range(rings - 1):
        for s in range(segments):
            a, b = r * segments + s, r * segments + (s + 1) % segments
            faces += [(a, b, a + segments), (b, b + segments, a + segments)]
    return vertices, np.array(faces)


def test_horizontal_girth_of_a_cylinder_is_two_pi_r_within_a_millimetre():
    vertices, faces = cylinder(0.137, 1.0)
    section = sections.cut(vertices, faces, np.array([0, 0, 0.4321]), np.array([0, 0, 1.0]))
    assert sections.convex_perimeter_m(section.flat()) == pytest.approx(2 * np.pi * 0.137, abs=0.001)


def test_tilted_section_of_a_cylinder_is_an_ellipse():
    radius, tilt = 0.1, np.radians(30)
    vertices, faces = cylinder(radius, 1.0)
    section = sections.cut(vertices, faces, np.array([0, 0, 0.5]), np.array([np.sin(tilt), 0, np.cos(tilt)]))
    a, b = radius / np.cos(tilt), radius
    h = ((a - b) / (a + b)) ** 2
    ramanujan = np.pi * (a + b) * (1 + 3 * h / (10 + np.sqrt(4 - 3 * h)))
    assert sections.convex_perimeter_m(section.flat()) == pytest.approx(ramanujan, abs=0.001)


def test_two_separate_cylinders_give_two_pieces_and_the_nearest_is_picked():
    left, faces = cylinder(0.05, 1.0, segments=64)
    right = left + np.array([0.3, 0, 0])
    vertices = np.vstack([left, right])
    both = np.vstack([faces, faces + len(left)])
    section = sections.cut(vertices, both, np.array([0, 0, 0.5]), np.array([0, 0, 1.0]))
    assert len(np.unique(section.piece)) == 2
    near_right = section.nearest_piece(np.array([0.3, 0, 0.5]))
    assert sections.convex_perimeter_m(near_right.flat()) == pytest.approx(2 * np.pi * 0.05, abs=0.001)


def test_tape_bridges_a_hollow():
    # A square with a deep notch: the tape reads the square's perimeter, not the notch.
    points = np.array([[0, 0], [1, 0], [1, 1], [0.5, 0.2], [0, 1]], dtype=float)
    assert sections.convex_perimeter_m(points) == pytest.approx(4.0)


def test_arc_beyond_a_chord_of_a_circle_is_half_its_circumference():
    angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    circle = np.stack([np.cos(angles), np.sin(angles)], axis=1) * 0.2
    arc = sections.arc_beyond_chord_m(circle, np.array([-0.2, 0]), np.array([0.2, 0]), np.array([0, 1.0]))
    assert arc == pytest.approx(np.pi * 0.2, abs=1e-4)
