"""Mesh export (glb/obj + JSON sidecar), mesh reading and `tapeless measure-mesh`."""

import json
from pathlib import Path

import numpy as np
import pygltflib
import pytest
import trimesh
from tapeless.body.definitions import markdown_table
from tapeless.body.export import ANNY_TO_GLTF, write_glb, write_obj, write_sidecar
from tapeless.body.measure import measure
from tapeless.body.meshfile import MeshFileError, read_vertices
from tapeless_local.cli import app
from typer.testing import CliRunner

DOCS = Path(__file__).resolve().parents[3] / "docs" / "measurements.md"


@pytest.fixture(scope="module")
def body(body_model):
    return body_model.rest_vertices(body_model.phenotype_vector(gender=0.3, age=0.8, weight=0.6))[0]


def test_glb_opens_in_trimesh_y_up_with_every_vertex_in_order(tmp_path, body_model, body):
    path = write_glb(tmp_path / "body.glb", body, body_model.faces, extras={"phenotype": {"gender": 0.3}})
    mesh = trimesh.load(path, force="mesh", process=False)
    assert len(mesh.vertices) == body_model.vertex_count
    assert len(mesh.faces) == len(body_model.faces)
    np.testing.assert_allclose(mesh.vertices, body @ ANNY_TO_GLTF.T, atol=1e-6)
    extent = mesh.vertices.max(axis=0) - mesh.vertices.min(axis=0)
    assert extent[1] == extent.max()  # glTF: Y is up


def test_glb_is_valid_gltf_2_with_the_parameters_in_extras(tmp_path, body_model, body):
    path = write_glb(tmp_path / "body.glb", body, body_model.faces, extras={"phenotype": {"gender": 0.3}})
    gltf = pygltflib.GLTF2().load(str(path))
    assert gltf.asset.version == "2.0"
    position = gltf.accessors[gltf.meshes[0].primitives[0].attributes.POSITION]
    assert position.count == body_model.vertex_count
    assert gltf.meshes[0].extras == {"phenotype": {"gender": 0.3}}
    assert len(gltf.binary_blob()) == gltf.buffers[0].byteLength


@pytest.mark.parametrize("suffix", [".obj", ".glb", ".npy", ".ply"])
def test_every_mesh_format_reads_back_in_anny_frame(tmp_path, body_model, body, suffix):
    path = tmp_path / f"body{suffix}"
    if suffix == ".obj":
        write_obj(path, body, body_model.faces)
    elif suffix == ".glb":
        write_glb(path, body, body_model.faces)
    elif suffix == ".npy":
        np.save(path, body)
    else:
        trimesh.Trimesh(body, body_model.faces, process=False).export(path)
    np.testing.assert_allclose(read_vertices(path), body, atol=2e-6)


def test_y_up_obj_from_other_tools_is_turned_back_to_z_up(tmp_path, body_model, body):
    path = tmp_path / "y_up.obj"
    write_obj(path, body @ ANNY_TO_GLTF.T, body_model.faces)
    np.testing.assert_allclose(read_vertices(path), body, atol=2e-6)


def test_unknown_or_broken_mesh_files_raise_a_named_error(tmp_path):
    (tmp_path / "body.stl").write_bytes(b"solid")
    (tmp_path / "broken.glb").write_bytes(b"not a glb at all")
    with pytest.raises(MeshFileError):
        read_vertices(tmp_path / "body.stl")
    with pytest.raises(MeshFileError):
        read_vertices(tmp_path / "broken.glb")


def test_sidecar_holds_parameters_frames_and_measurements(tmp_path, body):
    result = measure(body)
    path = write_sidecar(tmp_path / "body.json", {"phenotype": {"gender": 0.3}},
                         result.to_json()["measurements"], capture_id="c1")
    document = json.loads(path.read_text())
    assert document["parameters"]["phenotype"]["gender"] == 0.3
    assert document["measurements"]["waist_girth_cm"]["value_cm"] == round(result["waist_girth_cm"], 2)
    assert "Y up" in document["frames"]["glb"] and document["capture_id"] == "c1"


def test_measure_mesh_command_prints_the_measurements_as_json(tmp_path, body_model, body):
    path = write_glb(tmp_path / "body.glb", body, body_model.faces)
    outcome = CliRunner().invoke(app, ["measure-mesh", str(path), "--json"])
    assert outcome.exit_code == 0, outcome.output
    printed = json.loads(outcome.output)["measurements"]
    assert printed["hip_girth_cm"]["value_cm"] == pytest.approx(measure(body)["hip_girth_cm"], abs=0.01)


def test_measure_mesh_command_explains_a_mesh_of_another_topology(tmp_path):
    path = tmp_path / "cube.npy"
    np.save(path, np.random.default_rng(0).uniform(size=(8, 3)))
    outcome = CliRunner().invoke(app, ["measure-mesh", str(path)])
    assert outcome.exit_code == 2
    assert "Anny-topology" in outcome.output


def test_measurement_docs_are_generated_from_the_registry():
    assert markdown_table() in DOCS.read_text(), "run scripts/write_measurements_doc.py"
