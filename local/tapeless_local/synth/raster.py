"""A z-buffer triangle rasteriser in numpy: exact pixel-centre coverage, perspective-correct barycentrics.

Triangles are bucketed by the size of their pixel bounding box so that each bucket is evaluated as one
dense (triangles × box pixels) array; the nearest sample per pixel wins. A body of ~14k visible
triangles at 2880 × 3840 takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_MAX_SAMPLES_PER_CHUNK = 3_000_000


@dataclass(frozen=True)
class Raster:
    """Per-pixel result of `rasterize` on an image of (H, W) pixels.

    `triangle_id` (H, W) int32 is the index into the given faces (−1 where nothing was drawn);
    `barycentric` (H, W, 3) float32 holds perspective-correct weights of the triangle's three vertices;
    `depth_m` (H, W) float32 is the camera-frame depth (inf where empty).
    """

    triangle_id: np.ndarray
    barycentric: np.ndarray
    depth_m: np.ndarray

    @property
    def covered(self) -> np.ndarray:
        """(H, W) bool: pixels whose centre lies inside some triangle."""
        return self.triangle_id >= 0

    def interpolate(self, vertex_values: np.ndarray, faces: np.ndarray) -> np.ndarray:
        """Interpolate (N, C) per-vertex values at covered pixels → (H, W, C) float32 (0 elsewhere)."""
        out = np.zeros((*self.triangle_id.shape, vertex_values.shape[1]), np.float32)
        rows, cols = np.nonzero(self.covered)
        corners = faces[self.triangle_id[rows, cols]]
        weights = self.barycentric[rows, cols]
        out[rows, cols] = np.einsum("pk,pkc->pc", weights, vertex_values[corners])
        return out


def rasterize(
    pixels_uv: np.ndarray, depth_m: np.ndarray, faces: np.ndarray, width_px: int, height_px: int
) -> Raster:
    """Draw triangles with a z-buffer.

    pixels_uv: (N, 2) float vertex positions in pixels (pixel centres at integer coordinates).
    depth_m: (N,) float camera-frame depth of each vertex (> 0). faces: (F, 3) int vertex indices; pass
    only the faces to draw (e.g. front-facing ones). Returns a `Raster` of (height_px, width_px).
    """
    faces = np.asarray(faces)
    corners = pixels_uv[faces]  # (F, 3, 2)
    lo = np.ceil(corners.min(axis=1)).astype(np.int64)
    hi = np.floor(corners.max(axis=1)).astype(np.int64)
    lo = np.maximum(lo, 0)
    hi = np.minimum(hi, [width_px - 1, height_px - 1])
    edge_ab = corners[:, 1] - corners[:, 0]
    edge_ac = corners[:, 2] - corners[:, 0]
    area = edge_ab[:, 0] * edge_ac[:, 1] - edge_ab[:, 1] * edge_ac[:, 0]
    box = hi - lo + 1
    drawable = (box > 0).all(axis=1) & (np.abs(area) > 1e-12)
    box_size = box.max(axis=1)

    pixel_chunks, face_chunks, weight_chunks = [], [], []
    size = 1
    while True:
        in_bucket = drawable & (box_size <= size) & (box_size > size // 2)
        ids = np.nonzero(in_bucket)[0]
        per_chunk = max(1, _MAX_SAMPLES_PER_CHUNK // (size * size))
        for start in range(0, len(ids), per_chunk):
            chunk = ids[start : start + per_chunk]
            pix, weights, local_face = _cover(corners[chunk], area[chunk], lo[chunk], hi[chunk], size, width_px)
            pixel_chunks.append(pix)
            face_chunks.append(chunk[local_face])
            weight_chunks.append(weights)
        if size >= box_size[drawable].max(initial=0):
            break
        size *= 2
    return _resolve(pixel_chunks, face_chunks, weight_chunks, faces, depth_m, width_px, height_px)


def _cover(corners, area, lo, hi, size, width_px):
    """Pixel centres inside each triangle of one bucket: flat pixel index (P,), screen weights (P, 3) and
    the index of the covering triangle within the bucket (P,)."""
    offset_y, offset_x = np.divmod(np.arange(size * size), size)
    px = lo[:, :1] + offset_x[None]
    py = lo[:, 1:] + offset_y[None]
    in_box = (px <= hi[:, :1]) & (py <= hi[:, 1:])
    a, b, c = corners[:, 0], corners[:, 1], corners[:, 2]
    inv_area = 1.0 / area[:, None]
    w0 = ((b[:, :1] - px) * (c[:, 1:] - py) - (b[:, 1:] - py) * (c[:, :1] - px)) * inv_area
    w1 = ((c[:, :1] - px) * (a[:, 1:] - py) - (c[:, 1:] - py) * (a[:, :1] - px)) * inv_area
    w2 = 1.0 - w0 - w1
    inside = in_box & (w0 >= 0) & (w1 >= 0) & (w2 >= 0)
    local_face, sample = np.nonzero(inside)
    pix = py[local_face, sample] * width_px + px[local_face, sample]
    weights = np.stack([w0[inside], w1[inside], w2[inside]], axis=1)
    return pix, weights, local_face


def _resolve(pixel_chunks, face_chunks, weight_chunks, faces, depth_m, width_px, height_px) -> Raster:
    """Keep the nearest sample per pixel and turn screen-space weights into perspective-correct ones."""
    triangle_id = np.full(height_px * width_px, -1, np.int32)
    barycentric = np.zeros((height_px * width_px, 3), np.float32)
    depth = np.full(height_px * width_px, np.inf, np.float32)
    if pixel_chunks:
        pix = np.concatenate(pixel_chunks)
        face = np.concatenate(face_chunks)
        screen_weights = np.concatenate(weight_chunks)
        inv_depth = screen_weights / depth_m[faces[face]]
        sample_depth = 1.0 / inv_depth.sum(axis=1)
        order = np.lexsort((sample_depth, pix))
        first = np.ones(len(order), bool)
        first[1:] = pix[order[1:]] != pix[order[:-1]]
        win = order[first]
        triangle_id[pix[win]] = face[win]
        barycentric[pix[win]] = inv_depth[win] * sample_depth[win, None]
        depth[pix[win]] = sample_depth[win]
    shape = (height_px, width_px)
    return Raster(triangle_id.reshape(shape), barycentric.reshape(*shape, 3), depth.reshape(shape))
