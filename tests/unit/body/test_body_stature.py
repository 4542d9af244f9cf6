"""Stature solver: Anny's `height` phenotype is not stature."""

import pytest
from tapeless.body.stature import StatureOutOfRange, solve_phenotype_for_stature, stature_cm


@pytest.mark.parametrize(("target_cm", "gender", "weight"), [(150.0, 1.0, 0.2), (172.5, 0.5, 0.5), (201.0, 0.0, 0.9)])
def test_solved_phenotype_has_the_requested_stature(body_model, target_cm, gender, weight):
    phenotype = solve_phenotype_for_stature(target_cm, body_model, gender=gender, weight=weight)
    assert stature_cm(body_model.rest_vertices(phenotype))[0] == pytest.approx(target_cm, abs=0.02)
    assert phenotype[body_model.phenotype_names.index("weight")] == weight


def test_statures_outside_the_adult_range_are_refused(body_model):
    with pytest.raises(StatureOutOfRange):
        solve_phenotype_for_stature(95.0, body_model)
    with pytest.raises(StatureOutOfRange):
        solve_phenotype_for_stature(1.75, body_model)  # metres by mistake
