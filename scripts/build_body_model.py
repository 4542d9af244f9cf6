"""Export the Anny body model to the numpy runtime's file, `tapeless/models/anny_body_v1.npz`.

Needs the model venv (`make .venv-model/.installed`: torch==2.13.0 + anny==0.6.2); the Lambda path never
imports torch, it reads the exported arrays with `tapeless.body.model.BodyModel`.

What is exported (all in Anny's rest frame: metres, Z up, the body faces -Y, origin at the pelvis):
- the template mesh and faces, the 136 compact phenotype blendshapes with the map phenotype -> coefficients
  (1-D hat weights per phenotype, their products `mask`, the projection onto the compact basis),
- the local-shape blendshapes listed in LOCAL_CHANGES (positive and negative target of each slider),
- the skeleton (labels, parents, head positions and orientation matrices as linear blendshapes, the
  reference orientations), the skinning weights (up to 9 bones per vertex),
- Anny's COCO-WholeBody keypoint regressor (sparse: the vertices and weights of each keypoint).

Blendshapes are stored as int16 with one scale per blendshape (see `quantise`): 11.2 MB instead of
22.9 MB for float32, and the rest vertices stay within 0.02 mm of Anny's (float16 would be 12 MB but
0.5 mm off, more than the 0.1 mm the runtime promises).

Usage: ANNY_CACHE_DIR=.cache/anny .venv-model/bin/python scripts/build_body_model.py [--out PATH] [--float32]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import zipfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
MODELS_DIR = REPO_ROOT / "layers" / "tapeless" / "tapeless" / "models"
DEFAULT_OUT = MODELS_DIR / "anny_body_v1.npz"
CHECKSUMS = MODELS_DIR / "SHA256SUMS.txt"
FORMAT_VERSION = 1

# Local sliders exported beside the phenotypes: every `measure-*` slider and the torso, hip, stomach,
# bust, buttocks, upper-leg, upper-arm and calf shape sliders a silhouette fit can observe. Left/right
# pairs are kept apart (the fitter may tie them).
LOCAL_CHANGES = (
    "measure-neck-circ-incr",
    "measure-neck-height-incr",
    "measure-bust-circ-incr",
    "measure-underbust-circ-incr",
    "measure-waist-circ-incr",
    "measure-hips-circ-incr",
    "measure-frontchest-dist-incr",
    "measure-shoulder-dist-incr",
    "measure-napetowaist-dist-incr",
    "measure-waisttohip-dist-incr",
    "measure-upperarm-circ-incr",
    "measure-upperarm-length-incr",
    "measure-lowerarm-length-incr",
    "measure-wrist-circ-incr",
    "measure-thigh-circ-incr",
    "measure-upperleg-height-incr",
    "measure-knee-circ-incr",
    "measure-calf-circ-incr",
    "measure-lowerleg-height-incr",
    "measure-ankle-circ-incr",
    "torso-scale-horiz-incr",
    "torso-scale-depth-incr",
    "torso-scale-vert-incr",
    "torso-vshape-incr",
    "torso-muscle-pectoral-incr",
    "torso-muscle-dorsi-incr",
    "hip-scale-horiz-incr",
    "hip-scale-depth-incr",
    "hip-scale-vert-incr",
    "hip-waist-up",
    "stomach-pregnant-incr",
    "stomach-tone-incr",
    "breast-volume-vert-up",
    "breast-dist-incr",
    "breast-point-incr",
    "breast-trans-up",
    "buttocks-volume-incr",
    "l-upperleg-fat-incr",
    "r-upperleg-fat-incr",
    "l-upperleg-muscle-incr",
    "r-upperleg-muscle-incr",
    "l-upperarm-fat-incr",
    "r-upperarm-fat-incr",
    "l-upperarm-muscle-incr",
    "r-upperarm-muscle-incr",
    "l-lowerleg-fat-incr",
    "r-lowerleg-fat-incr",
    "l-lowerleg-muscle-incr",
    "r-lowerleg-muscle-incr",
)


def quantise(blendshapes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(C, ...) float -> (C, ...) int16 and (C,) float32 scales, value = int16 * scale.

    One scale per blendshape (its largest absolute offset / 32767): the rounding error of each
    offset is at most half a step, i.e. max|D_k| / 65534.
    """
    flat = blendshapes.reshape(len(blendshapes), -1)
    scales = np.abs(flat).max(axis=1) / 32767.0
    scales[scales == 0] = 1.0
    quantised = np.round(flat / scales[:, None]).astype(np.int16)
    return quantised.reshape(blendshapes.shape), scales.astype(np.float32)


def phenotype_weight_tables(model, torch) -> dict[str, np.ndarray]:
    """How each of the 26 phenotype variations gets its hat weight, for the numpy runtime.

    Column j of the variation table takes the hat weight of anchor `anchor_index[j]` of phenotype
    `phenotype_index[j]`; phenotypes the model does not expose (race, cup size, firmness) are fixed by
    Anny at 0.5, so their columns get the constant `constant_weight[j]` computed here by Anny itself.
    """
    from anny.models.model_data import PHENOTYPE_VARIATIONS
    from anny.models.phenotype import make_phenotype_anchors
    from anny.utils.interpolation import linear_interpolation_coefficients

    names = list(model.phenotype_labels)
    anchors = make_phenotype_anchors(torch.float64)
    max_anchors = max(len(a) for a in anchors.values())
    anchor_table = np.full((len(names), max_anchors), np.nan)
    for i, name in enumerate(names):
        anchor_table[i, : len(anchors[name])] = anchors[name].numpy()

    phenotype_index, anchor_index, constant_weight = [], [], []
    for feature, variations in PHENOTYPE_VARIATIONS.items():
        if feature == "race":
            fixed = np.full(len(variations), 1.0 / len(variations))
        elif feature not in names:
            half = torch.tensor([0.5], dtype=torch.float64)
            fixed = linear_interpolation_coefficients(half, anchors[feature])[0].numpy()
        for k in range(len(variations)):
            if feature in names:
                phenotype_index.append(names.index(feature))
                anchor_index.append(k)
                constant_weight.append(np.nan)
            else:
                phenotype_index.append(-1)
                anchor_index.append(-1)
                constant_weight.append(fixed[k])
    return {
        "phenotype_anchors": anchor_table.astype(np.float64),
        "variation_phenotype_index": np.array(phenotype_index, dtype=np.int32),
        "variation_anchor_index": np.array(anchor_index, dtype=np.int32),
        "variation_constant_weight": np.array(constant_weight, dtype=np.float64),
        "variation_mask": model.stacked_phenotype_blend_shapes_mask.numpy().astype(np.float64),
        "phenotype_projection": model.phenotype_blendshape_projection.numpy().astype(np.float64),
    }


def sparse_keypoint_regressor(model, anny) -> dict[str, np.ndarray]:
    """Anny's COCO keypoint regressor as (K, S) vertex indices and weights (weights 0 pad)."""
    regressor = anny.KeypointsRegressor.coco(model)
    dense = regressor.regression_weights.numpy()
    support = max(int((row != 0).sum()) for row in dense)
    indices = np.zeros((len(dense), support), dtype=np.int32)
    weights = np.zeros((len(dense), support), dtype=np.float64)
    for k, row in enumerate(dense):
        nonzero = np.flatnonzero(row)
        indices[k, : len(nonzero)] = nonzero
        weights[k, : len(nonzero)] = row[nonzero]
    return {
        "keypoint_names": np.array(regressor.labels),
        "keypoint_vertex_indices": indices,
        "keypoint_vertex_weights": weights,
    }


def export_arrays(store_float32: bool) -> dict[str, np.ndarray]:
    """Build Anny (float64, every local slider) and collect the runtime's arrays."""
    import anny
    import torch

    model = anny.Anny(local_changes="all", skinning_method="lbs")
    if model.bone_orientation != "cached" or model.root_identity_orientation:
        raise SystemExit("this exporter expects Anny's default rig (cached bone orientations)")

    n_phenotype_shapes = model.phenotype_blendshape_projection.shape[1]
    all_locals = list(model.local_change_labels)
    rows = list(range(n_phenotype_shapes))
    for label in LOCAL_CHANGES:
        i = all_locals.index(label)
        rows += [n_phenotype_shapes + 2 * i, n_phenotype_shapes + 2 * i + 1]

    def take(tensor):
        return tensor.detach().numpy()[rows]

    arrays: dict[str, np.ndarray] = {
        "format_version": np.array(FORMAT_VERSION),
        "anny_version": np.array(anny.__version__),
        "phenotype_names": np.array(model.phenotype_labels),
        "local_names": np.array(LOCAL_CHANGES),
        "template_vertices": model.template_vertices.numpy().astype(np.float64),
        "faces": model.faces.numpy().astype(np.int32),
        "bone_labels": np.array(model.bone_labels),
        "bone_parents": np.array(model.bone_parents, dtype=np.int32),
        "template_bone_heads": model.template_bone_heads.numpy().astype(np.float64),
        "bone_heads_blendshapes": take(model.bone_heads_blendshapes).astype(np.float64),
        "template_bone_orientations": model.bone_template_orientation_matrices.numpy().astype(np.float64),
        "bone_orientation_blendshapes": take(model.bone_orientation_blendshapes).astype(np.float64),
        "reference_bone_orientations": model.reference_bone_orientations.numpy().astype(np.float64),
        "vertex_bone_indices": model.vertex_bone_indices.numpy().astype(np.int16),
        "vertex_bone_weights": model.vertex_bone_weights.numpy().astype(np.float32),
        **phenotype_weight_tables(model, torch),
        **sparse_keypoint_regressor(model, anny),
    }
    blendshapes = take(model.blendshapes)
    if store_float32:
        arrays["blendshapes"] = blendshapes.astype(np.float32)
    else:
        arrays["blendshapes_int16"], arrays["blendshape_scales"] = quantise(blendshapes)
    return arrays


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like np.savez_compressed, but with fixed member timestamps so that a fresh export of the same
    model is byte-identical (np.savez stamps the current time)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_checksum(path: Path) -> None:
    """Record the file's sha256 in SHA256SUMS.txt (sha256sum format), replacing its previous line."""
    lines = CHECKSUMS.read_text().splitlines() if CHECKSUMS.exists() else []
    lines = [line for line in lines if not line.endswith(f"  {path.name}")]
    lines.append(f"{sha256(path)}  {path.name}")
    CHECKSUMS.write_text("\n".join(sorted(lines, key=lambda s: s.split()[-1])) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="npz file to write (default: %(default)s)")
    parser.add_argument("--float32", action="store_true", help="store blendshapes as float32 (exact, ~2x larger)")
    parser.add_argument("--no-checksum", action="store_true", help="do not update models/SHA256SUMS.txt")
    args = parser.parse_args(argv)

    os.environ.setdefault("ANNY_CACHE_DIR", str(REPO_ROOT / ".cache" / "anny"))
    arrays = export_arrays(store_float32=args.float32)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_npz(args.out, arrays)
    if not args.no_checksum and args.out.parent == MODELS_DIR:
        write_checksum(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, sha256 {sha256(args.out)[:16]}…)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
