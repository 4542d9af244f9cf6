"""Read a body mesh's vertices from .obj, .glb, .ply or .npy into Anny's frame (numpy only).

Used by `tapeless measure-mesh`. The mesh must be in Anny topology (same vertices in the same order) and
rest pose, in metres. Frames:
- .glb is glTF (Y up, facing +Z) and is mapped back to Anny's frame (Z up, facing -Y);
- .obj/.ply/.npy are taken as Anny's frame, unless they are clearly Y-up (the body is much taller along
  Y than along Z), in which case they get the same glTF -> Anny mapping.
Only vertex positions are read (faces come from the model); glTF node transforms are ignored.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

from tapeless.body.export import ANNY_TO_GLTF
from tapeless.errors import TapelessError

SUFFIXES = (".obj", ".glb", ".ply", ".npy")
_PLY_TYPES = {"char": "i1", "uchar": "u1", "short": "i2", "ushort": "u2", "int": "i4", "uint": "u4",
              "float": "f4", "double": "f8", "int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2",
              "int32": "i4", "uint32": "u4", "float32": "f4", "float64": "f8"}


class MeshFileError(TapelessError):
    """The mesh file cannot be read (unknown format, malformed, no vertices)."""

    code = "mesh_file_unreadable"


def read_vertices(path: str | Path) -> np.ndarray:
    """(V, 3) float64 vertices of the mesh file in Anny's frame (metres, Z up, body faces -Y)."""
    path = Path(path)
    suffix = path.suffix.lower()
    readers = {".obj": _read_obj, ".glb": _read_glb, ".ply": _read_ply, ".npy": _read_npy}
    if suffix not in readers:
        raise MeshFileError(f"unsupported mesh file {path.name!r}", advice=f"use one of {', '.join(SUFFIXES)}")
    try:
        vertices = readers[suffix](path)
    except (OSError, ValueError, KeyError, IndexError, struct.error) as exc:
        raise MeshFileError(f"cannot read {path.name}: {exc}") from exc
    vertices = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    if len(vertices) == 0:
        raise MeshFileError(f"{path.name} has no vertices")
    if suffix == ".glb" or _looks_y_up(vertices):
        vertices = vertices @ ANNY_TO_GLTF
    return vertices


def _looks_y_up(vertices: np.ndarray) -> bool:
    extent = vertices.max(axis=0) - vertices.min(axis=0)
    return extent[1] > 1.5 * extent[2]


def _read_npy(path: Path) -> np.ndarray:
    array = np.load(path, allow_pickle=False)
    if array.ndim == 3 and len(array) == 1:
        array = array[0]
    if array.ndim != 2 or array.shape[1] != 3:
        raise ValueError(f"expected a (V, 3) array, got {array.shape}")
    return array


def _read_obj(path: Path) -> np.ndarray:
    rows = [line.split()[1:4] for line in path.read_text().splitlines() if line.startswith("v ")]
    return np.array(rows, dtype=np.float64)


def _read_glb(path: Path) -> np.ndarray:
    data = path.read_bytes()
    magic, _, _ = struct.unpack_from("<III", data, 0)
    if magic != 0x46546C67:
        raise ValueError("not a binary glTF file")
    json_length, _ = struct.unpack_from("<II", data, 12)
    gltf = json.loads(data[20:20 + json_length])
    bin_start = 20 + json_length + 8
    accessor = gltf["accessors"][gltf["meshes"][0]["primitives"][0]["attributes"]["POSITION"]]
    view = gltf["bufferViews"][accessor["bufferView"]]
    if accessor["componentType"] != 5126 or accessor["type"] != "VEC3":
        raise ValueError("POSITION must be float32 VEC3")
    start = bin_start + view.get("byteOffset", 0) + accessor.get("byteOffset", 0)
    stride = view.get("byteStride", 12)
    raw = np.frombuffer(data, dtype=np.uint8, count=stride * (accessor["count"] - 1) + 12, offset=start)
    rows = np.lib.stride_tricks.as_strided(raw, shape=(accessor["count"], 12), strides=(stride, 1))
    return np.ascontiguousarray(rows).view("<f4").reshape(-1, 3)


def _read_ply(path: Path) -> np.ndarray:
    data = path.read_bytes()
    end = data.index(b"end_header") + len(b"end_header")
    end += 2 if data[end:end + 2] == b"\r\n" else 1
    header = data[:end].decode("ascii").splitlines()
    fmt = next(line.split()[1] for line in header if line.startswith("format"))
    elements: list[tuple[str, int, list[tuple[str, str]]]] = []
    for line in header:
        words = line.split()
        if words[:1] == ["element"]:
            elements.append((words[1], int(words[2]), []))
        elif words[:1] == ["property"] and words[1] != "list":
            elements[-1][2].append((words[-1], _PLY_TYPES[words[1]]))
    name, count, properties = elements[0]
    if name != "vertex":
        raise ValueError("the first PLY element must be the vertices")
    columns = [p for p, _ in properties]
    picks = [columns.index(axis) for axis in ("x", "y", "z")]
    if fmt == "ascii":
        lines = data[end:].decode("ascii").splitlines()[:count]
        table = np.array([line.split() for line in lines], dtype=np.float64)
        return table[:, picks]
    order = "<" if fmt == "binary_little_endian" else ">"
    dtype = np.dtype([(p, order + t) for p, t in properties])
    table = np.frombuffer(data, dtype=dtype, count=count, offset=end)
    return np.stack([table[axis].astype(np.float64) for axis in ("x", "y", "z")], axis=1)
