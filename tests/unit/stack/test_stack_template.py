"""Reading the SAM template and transforming it offline for the local deployer."""

import json
from pathlib import Path

from tapeless_local.stack.template import code_dir_from_location, load_template, translate

SAMPLE = Path(__file__).parent / "sample_stack"


def test_short_form_intrinsics_load_as_long_form(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("A: !Ref X\nB: !GetAtt Fn.Arn\nC: !Sub '${X}-y'\nD: !Join [',', [a, !Ref X]]\n")
    assert load_template(path) == {
        "A": {"Ref": "X"},
        "B": {"Fn::GetAtt": ["Fn", "Arn"]},
        "C": {"Fn::Sub": "${X}-y"},
        "D": {"Fn::Join": [",", ["a", {"Ref": "X"}]]},
    }


def _translated():
    return translate(load_template(SAMPLE / "template.yaml"), SAMPLE, {"Stage": "test"}, "us-east-1")


def test_functions_keep_their_local_code_folder():
    function = _translated()["Resources"]["GreetFunction"]["Properties"]
    assert code_dir_from_location(function["Code"], SAMPLE) == SAMPLE / "functions/greet"


def test_globals_environment_is_merged_into_each_function():
    variables = _translated()["Resources"]["GreetFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] == "greet"
    assert variables["ITEMS_TABLE"] == {"Ref": "ItemsTable"}


def test_state_machine_definition_file_is_inlined_with_substitutions_left_to_the_deployer():
    props = _translated()["Resources"]["Workflow"]["Properties"]
    definition = json.loads("\n".join(props["DefinitionString"]["Fn::Join"][1]))
    asl = json.loads((SAMPLE / "statemachine/workflow.asl.json").read_text())
    assert definition == asl
    assert props["DefinitionSubstitutions"]["GreetFunctionArn"] == {"Fn::GetAtt": ["GreetFunction", "Arn"]}


def test_s3_event_becomes_a_bucket_notification_to_the_function():
    bucket = _translated()["Resources"]["UploadsBucket"]["Properties"]
    (config,) = bucket["NotificationConfiguration"]["LambdaConfigurations"]
    assert config["Function"] == {"Fn::GetAtt": ["GreetFunction", "Arn"]}
    assert config["Event"] == "s3:ObjectCreated:*"
