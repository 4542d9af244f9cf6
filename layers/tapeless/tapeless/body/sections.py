"""Plane sections of a triangle mesh and the lengths a tape measure would read on them.

A girth is measured the way a tape lies: around the convex outline of one body part's cross-section
(the tape bridges hollows, e.g. between the breasts). The section is cut by a plane; its segments are
grouped into connected pieces (each piece shares mesh edges), so that the piece belonging to the right
limb can be picked when the plane also cuts another one.

All arrays: vertices (V, 3) float64, metres; faces (F, 3) int; points (N, 3); plane normals unit length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import ConvexHull, QhullError


@dataclass(frozen=True)
class Section:
    """Intersection of a plane with some faces: `points` (N, 3) on the plane, `piece` (N,) int, the
    connected piece each point belongs to, and the plane's frame (`origin`, orthonormal `u`, `v`,
    `normal`) used to flatten the points."""

    points: np.ndarray
    piece: np.ndarray
    origin: np.ndarray
    normal: np.ndarray
    u: np.ndarray
    v: np.ndarray

    def flat(self, points: np.ndarray | None = None) -> np.ndarray:
        """(N, 2) coordinates of `points` (default: the section's) in the plane's (u, v) frame."""
        p = (self.points if points is None else points) - self.origin
        return np.stack([p @ self.u, p @ self.v], axis=-1)

    def nearest_piece(self, anchor: np.ndarray) -> Section:
        """The section reduced to the piece whose points come closest to `anchor` (3,)."""
        if len(self.points) == 0:
            return self
        distances = np.linalg.norm(self.points - anchor, axis=1)
        keep = self.piece == self.piece[np.argmin(distances)]
        return Section(self.points[keep], self.piece[keep], self.origin, self.normal, self.u, self.v)

    def pieces_near(self, anchor: np.ndarray, radius_m: float) -> Section:
        """The section reduced to the pieces that have a point within `radius_m` of `anchor`."""
        if len(self.points) == 0:
            return self
        close = np.linalg.norm(self.points - anchor, axis=1) <= radius_m
        keep = np.isin(self.piece, np.unique(self.piece[close]))
        return Section(self.points[keep], self.piece[keep], self.origin, self.normal, self.u, self.v)


def plane_frame(normal: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit normal and two unit vectors spanning the plane (u as close to +X as possible)."""
    normal = normal / np.linalg.norm(normal)
    helper = np.array([1.0, 0.0, 0.0]) if abs(normal[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    u = helper - normal * (helper @ normal)
    u /= np.linalg.norm(u)
    return normal, u, np.cross(normal, u)


def cut(vertices: np.ndarray, faces: np.ndarray, origin: np.ndarray, normal: np.ndarray,
        max_edge_m: float | None = None) -> Section:
    """Section of the mesh (`faces` may be a subset) by the plane through `origin` with `normal`.

    `max_edge_m`, the mesh's longest edge if known, lets faces far from the plane be skipped early.
    """
    normal, u, v = plane_frame(np.asarray(normal, dtype=np.float64))
    origin = np.asarray(origin, dtype=np.float64)
    side = vertices @ normal - origin @ normal
    if max_edge_m is not None:  # a face whose first corner is farther than any edge cannot cross
        faces = faces[np.abs(side[faces[:, 0]]) <= max_edge_m]
    above = side[faces] >= 0.0  # (F, 3); a vertex on the plane counts as above
    crossing = faces[above.any(axis=1) & ~above.all(axis=1)]
    if len(crossing) == 0:
        empty = np.zeros((0, 3))
        return Section(empty, np.zeros(0, dtype=np.int64), origin, normal, u, v)

    # The two crossed edges of each face: (a, b), (b, c), (c, a) where the sign changes.
    starts = crossing
    ends = np.roll(crossing, -1, axis=1)
    crossed = (side[starts] >= 0.0) != (side[ends] >= 0.0)  # exactly two True per row
    edge_a, edge_b = starts[crossed].reshape(-1, 2), ends[crossed].reshape(-1, 2)
    low, high = np.minimum(edge_a, edge_b), np.maximum(edge_a, edge_b)
    keys, node = np.unique(low * len(vertices) + high, return_inverse=True)
    node = node.reshape(-1, 2)

    a, b = keys // len(vertices), keys % len(vertices)
    t = side[a] / (side[a] - side[b])
    points = vertices[a] + t[:, None] * (vertices[b] - vertices[a])

    graph = coo_matrix((np.ones(len(node)), (node[:, 0], node[:, 1])), shape=(len(keys), len(keys)))
    _, piece = connected_components(graph, directed=False)
    return Section(points, piece, origin, normal, u, v)


def convex_perimeter_m(points_2d: np.ndarray) -> float:
    """Perimeter (metres) of the convex hull of (N, 2) points: what a tape around them reads."""
    hull = convex_outline(points_2d)
    if len(hull) < 2:
        return 0.0
    return float(np.linalg.norm(hull - np.roll(hull, -1, axis=0), axis=1).sum())


def convex_outline(points_2d: np.ndarray) -> np.ndarray:
    """(H, 2) hull vertices in counter-clockwise order (empty for fewer than 3 distinct points)."""
    if len(points_2d) < 3:
        return points_2d[:0]
    try:
        hull = ConvexHull(points_2d)
    except QhullError:
        return points_2d[:0]
    return points_2d[hull.vertices]


def arc_beyond_chord_m(points_2d: np.ndarray, a: np.ndarray, b: np.ndarray, towards: np.ndarray) -> float:
    """Length (metres) of the convex outline from `a` to `b` (2,) on the side of the chord ab where
    `towards` (2,) lies: a tape from a to b laid over the points on that side (e.g. across the back).
    Equals |ab| when no point bulges out beyond the chord."""
    chord = b - a
    normal = np.array([-chord[1], chord[0]])
    if (towards - a) @ normal < 0:
        normal = -normal
    beyond = points_2d[(points_2d - a) @ normal > 0]
    outline = convex_outline(np.vstack([beyond, a[None], b[None]]))
    chord_m = float(np.linalg.norm(chord))
    if len(outline) < 3:
        return chord_m
    return convex_perimeter_m(outline) - chord_m
