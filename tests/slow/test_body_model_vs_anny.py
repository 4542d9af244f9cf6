"""The numpy runtime against Anny itself, and the committed model file against a fresh export.

Slow: needs torch and anny (run in .venv-model: `make test-slow`). The first Anny build fills
ANNY_CACHE_DIR (default here: .cache/anny) in about a minute.
"""

import hashlib
import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("ANNY_CACHE_DIR", str(REPO / ".cache" / "anny"))

pytestmark = pytest.mark.slow
TOLERANCE_M = 1e-4  # 0.1 mm


def load_exporter():
    spec = importlib.util.spec_from_file_location("build_body_model", REPO / "scripts" / "build_body_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def anny_model():
    import anny

    return anny.Anny(local_changes="all", skinning_method="lbs")


@pytest.fixture(scope="module")
def runtime():
    from tapeless.body.model import BodyModel

    return BodyModel.load()


def anny_output(anny_model, runtime, phenotypes, local, world_poses):
    import torch

    all_local = torch.zeros(len(phenotypes), len(anny_model.local_change_labels), dtype=torch.float64)
    for i, name in enumerate(runtime.local_names):
        all_local[:, anny_model.local_change_labels.index(name)] = torch.tensor(local[:, i])
    with torch.no_grad():
        return anny_model(pose_parameters=torch.tensor(world_poses), phenotype_kwargs=torch.tensor(phenotypes),
                          local_changes_kwargs=all_local, pose_parameterization="world")


def test_runtime_equals_anny_within_a_tenth_of_a_millimetre(anny_model, runtime):
    from scipy.spatial.transform import Rotation

    rng = np.random.default_rng(2026)
    batch = 12
    phenotypes = rng.uniform(0, 1, (batch, len(runtime.phenotype_names)))
    local = rng.uniform(-1, 1, (batch, len(runtime.local_names)))
    rotations = Rotation.from_rotvec(rng.normal(0, 0.25, (batch * 104, 3))).as_matrix().reshape(batch, 104, 3, 3)

    skeleton = runtime.rest_skeleton(phenotypes, local)
    transforms = runtime.bone_transforms(skeleton.bone_heads, rotations)
    posed = runtime.skin(skeleton.vertices, transforms)
    out = anny_output(anny_model, runtime, phenotypes, local, transforms @ skeleton.bone_poses)

    import anny

    keypoints = anny.KeypointsRegressor.coco(anny_model)({"vertices": out["vertices"]}).numpy()
    errors = {
        "rest vertices": np.abs(out["rest_vertices"].numpy() - skeleton.vertices).max(),
        "posed vertices": np.abs(out["vertices"].numpy() - posed).max(),
        "bone heads": np.abs(out["rest_bone_heads"].numpy() - skeleton.bone_heads).max(),
        "keypoints": np.abs(keypoints - runtime.keypoints(posed)).max(),
    }
    print({name: f"{error * 1000:.4f} mm" for name, error in errors.items()})
    for name, error in errors.items():
        assert error < TOLERANCE_M, name
    np.testing.assert_allclose(out["rest_bone_poses"].numpy()[..., :3, :3], skeleton.bone_poses[..., :3, :3],
                               atol=1e-6)


def test_stature_matches_anny_anthropometry_height(anny_model, runtime):
    import anny
    import torch
    from tapeless.body.measure import measure

    phenotypes = np.random.default_rng(5).uniform(0, 1, (3, 6))
    with torch.no_grad():
        rest = anny_model(phenotype_kwargs=torch.tensor(phenotypes))["rest_vertices"]
        heights_m = anny.Anthropometry(anny_model).height(rest).numpy()
    for i in range(3):
        assert measure(runtime.rest_vertices(phenotypes[i])[0])["stature_cm"] == pytest.approx(
            heights_m[i] * 100, abs=0.01)


def test_fresh_export_reproduces_the_committed_model_file(tmp_path):
    exporter = load_exporter()
    out = tmp_path / "anny_body_v1.npz"
    exporter.main(["--out", str(out), "--no-checksum"])
    committed = exporter.DEFAULT_OUT
    with np.load(out) as fresh, np.load(committed) as shipped:
        assert sorted(fresh.files) == sorted(shipped.files)
        for name in fresh.files:
            np.testing.assert_array_equal(fresh[name], shipped[name], err_msg=name)
    lines = (committed.parent / "SHA256SUMS.txt").read_text().splitlines()
    recorded = dict(line.split()[::-1] for line in lines)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == recorded[committed.name]
