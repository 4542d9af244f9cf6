"""Shared bodies for the body-model tests: the packaged Anny runtime and a few reference phenotypes."""

import pytest
from tapeless.body.model import BodyModel
from tapeless.body.stature import solve_phenotype_for_stature


@pytest.fixture(scope="session")
def body_model() -> BodyModel:
    return BodyModel.load()


@pytest.fixture(scope="session")
def reference_bodies(body_model):
    """name -> (V, 3) rest vertices of adult bodies across the range (stature solved, so it is known)."""
    specs = {
        "short_slim_female": dict(stature=152.0, gender=1.0, weight=0.1, muscle=0.3),
        "average_female": dict(stature=165.0, gender=1.0),
        "average_male": dict(stature=178.0, gender=0.0),
        "tall_heavy_male": dict(stature=198.0, gender=0.0, weight=0.95, muscle=0.7),
        "older_heavy_female": dict(stature=160.0, gender=1.0, weight=0.9, age=0.95),
    }
    bodies = {}
    for name, spec in specs.items():
        spec = dict(spec)
        phenotype = solve_phenotype_for_stature(spec.pop("stature"), body_model, **spec)
        bodies[name] = body_model.rest_vertices(phenotype)[0]
    return bodies
