"""CloudFormation intrinsic functions as the local deployer resolves them."""

import pytest
from tapeless_local.stack.intrinsics import IntrinsicResolver, UnsupportedIntrinsic


@pytest.fixture
def resolver():
    return IntrinsicResolver(
        parameters={"Stage": "dev", "AWS::Region": "eu-west-1"},
        ref=lambda name: f"ref-of-{name}",
        get_att=lambda name, attribute: f"{attribute}-of-{name}",
        conditions={"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}},
        mappings={"Sizes": {"dev": {"Memory": 512}}},
    )


def test_ref_prefers_parameters_then_resources(resolver):
    assert resolver.resolve({"Ref": "Stage"}) == "dev"
    assert resolver.resolve({"Ref": "Bucket"}) == "ref-of-Bucket"


def test_sub_fills_parameters_pseudo_parameters_attributes_and_own_variables(resolver):
    text = "${Stage}-${AWS::Region}-${Fn.Arn}-${Own}-${!Literal}"
    resolved = resolver.resolve({"Fn::Sub": [text, {"Own": {"Ref": "Table"}}]})
    assert resolved == "dev-eu-west-1-Arn-of-Fn-ref-of-Table-${Literal}"


def test_join_select_split_and_find_in_map(resolver):
    assert resolver.resolve({"Fn::Join": ["/", ["a", {"Ref": "Stage"}]]}) == "a/dev"
    assert resolver.resolve({"Fn::Select": [1, {"Fn::Split": [",", "x,y,z"]}]}) == "y"
    assert resolver.resolve({"Fn::FindInMap": ["Sizes", {"Ref": "Stage"}, "Memory"]}) == 512


def test_if_follows_the_condition_and_no_value_drops_the_property(resolver):
    value = {"Memory": {"Fn::If": ["IsProd", 3008, {"Ref": "AWS::NoValue"}]}, "Name": "x"}
    assert resolver.resolve(value) == {"Name": "x"}
    assert resolver.resolve({"Fn::If": ["IsProd", "big", "small"]}) == "small"


def test_get_att_accepts_both_forms(resolver):
    assert resolver.resolve({"Fn::GetAtt": ["Fn", "Arn"]}) == resolver.resolve({"Fn::GetAtt": "Fn.Arn"}) == "Arn-of-Fn"


def test_unsupported_intrinsic_is_named(resolver):
    with pytest.raises(UnsupportedIntrinsic, match="Fn::ImportValue"):
        resolver.resolve({"Fn::ImportValue": "shared-vpc"})
