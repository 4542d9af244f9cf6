"""Write a body mesh as glTF binary (.glb, for the web viewer) or Wavefront .obj, with a JSON sidecar.

Frames: the runtime works in Anny's frame (metres, Z up, body faces -Y). glTF wants Y up with the model
facing +Z, so `write_glb` maps (x, y, z) -> (x, z, -y) (a rotation, no mirroring); `.obj` files stay in
Anny's frame (OBJ has no convention, and `tapeless measure-mesh` reads them back as they are). Vertex
order is kept in both, so a fitted body can be compared vertex by vertex with any other Anny mesh.

Only numpy, json and struct: no glTF library on the Lambda path.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

# Anny frame -> glTF frame: x stays, up (Z) becomes Y, the body's front (-Y) becomes +Z.
ANNY_TO_GLTF = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
_GLB_MAGIC, _CHUNK_JSON, _CHUNK_BIN = 0x46546C67, 0x4E4F534A, 0x004E4942
_FLOAT, _UINT32 = 5126, 5125
_ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER = 34962, 34963


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """(V, 3) float32 unit normals: area-weighted mean of the adjacent face normals."""
    v = vertices.astype(np.float64)
    face_normals = np.cross(v[faces[:, 1]] - v[faces[:, 0]], v[faces[:, 2]] - v[faces[:, 0]])
    normals = np.zeros_like(v)
    for corner in range(3):
        np.add.at(normals, faces[:, corner], face_normals)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    return (normals / np.where(length > 0, length, 1.0)).astype(np.float32)


def glb_bytes(vertices: np.ndarray, faces: np.ndarray, extras: dict | None = None) -> bytes:
    """A .glb holding one triangle mesh: (V, 3) vertices in Anny's frame (metres), (F, 3) faces.

    `extras` (JSON-serialisable) is stored in the mesh's glTF `extras`, e.g. the fitted parameters.
    """
    positions = (np.asarray(vertices, dtype=np.float64) @ ANNY_TO_GLTF.T).astype(np.float32)
    faces = np.asarray(faces, dtype=np.uint32)
    normals = vertex_normals(positions, faces.astype(np.int64))
    blobs = [positions.tobytes(), normals.tobytes(), faces.tobytes()]
    offsets = np.cumsum([0] + [len(b) for b in blobs])
    gltf = {
        "asset": {"version": "2.0", "generator": "tapeless.body.export"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": "body"}],
        "meshes": [{
            "name": "body",
            "primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2, "mode": 4}],
            **({"extras": extras} if extras else {}),
        }],
        "buffers": [{"byteLength": int(offsets[-1])}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": int(offsets[0]), "byteLength": len(blobs[0]), "target": _ARRAY_BUFFER},
            {"buffer": 0, "byteOffset": int(offsets[1]), "byteLength": len(blobs[1]), "target": _ARRAY_BUFFER},
            {"buffer": 0, "byteOffset": int(offsets[2]), "byteLength": len(blobs[2]),
             "target": _ELEMENT_ARRAY_BUFFER},
        ],
        "accessors": [
            {"bufferView": 0, "componentType": _FLOAT, "count": len(positions), "type": "VEC3",
             "min": positions.min(axis=0).tolist(), "max": positions.max(axis=0).tolist()},
            {"bufferView": 1, "componentType": _FLOAT, "count": len(normals), "type": "VEC3"},
            {"bufferView": 2, "componentType": _UINT32, "count": int(faces.size), "type": "SCALAR",
             "min": [int(faces.min())], "max": [int(faces.max())]},
        ],
    }
    json_chunk = _pad(json.dumps(gltf, separators=(",", ":")).encode(), b" ")
    bin_chunk = _pad(b"".join(blobs), b"\0")
    length = 12 + 8 + len(json_chunk) + 8 + len(bin_chunk)
    return b"".join([
        struct.pack("<III", _GLB_MAGIC, 2, length),
        struct.pack("<II", len(json_chunk), _CHUNK_JSON), json_chunk,
        struct.pack("<II", len(bin_chunk), _CHUNK_BIN), bin_chunk,
    ])


def _pad(data: bytes, filler: bytes) -> bytes:
    return data + filler * (-len(data) % 4)


def write_glb(path: str | Path, vertices: np.ndarray, faces: np.ndarray, extras: dict | None = None) -> Path:
    """Write `glb_bytes(...)` to `path`; returns the path."""
    path = Path(path)
    path.write_bytes(glb_bytes(vertices, faces, extras))
    return path


def obj_text(vertices: np.ndarray, faces: np.ndarray) -> str:
    """Wavefront OBJ text in Anny's frame (metres, Z up, facing -Y), 1-based faces, vertex order kept."""
    header = "# Tapeless body mesh (Anny topology): metres, Z up, body faces -Y\n"
    v_lines = "\n".join(f"v {x:.6f} {y:.6f} {z:.6f}" for x, y, z in np.asarray(vertices, dtype=np.float64))
    f_lines = "\n".join(f"f {a} {b} {c}" for a, b, c in np.asarray(faces, dtype=np.int64) + 1)
    return f"{header}{v_lines}\n{f_lines}\n"


def write_obj(path: str | Path, vertices: np.ndarray, faces: np.ndarray) -> Path:
    """Write `obj_text(...)` to `path`; returns the path."""
    path = Path(path)
    path.write_text(obj_text(vertices, faces))
    return path


def sidecar(parameters: dict, measurements: dict | None = None, **metadata) -> dict:
    """The JSON sidecar of an exported body: the fitted parameters (phenotype and local sliders by name,
    pose angles...), the frames of the mesh files, and optionally the measurements."""
    return {
        "model": "anny",
        "frames": {"glb": "glTF: metres, Y up, body faces +Z", "obj": "Anny: metres, Z up, body faces -Y"},
        "parameters": parameters,
        **({"measurements": measurements} if measurements is not None else {}),
        **metadata,
    }


def write_sidecar(path: str | Path, parameters: dict, measurements: dict | None = None, **metadata) -> Path:
    """Write `sidecar(...)` as indented JSON to `path`; returns the path."""
    path = Path(path)
    path.write_text(json.dumps(sidecar(parameters, measurements, **metadata), indent=2, sort_keys=True))
    return path
