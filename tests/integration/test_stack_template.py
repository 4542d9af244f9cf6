"""Every resource template.yaml declares is on the stack, named as the template says."""

import json
import os

import pytest

pytestmark = pytest.mark.integration


def test_every_function_of_the_template_is_registered_with_existing_code(local_stack):
    sam_functions = [
        logical_id for logical_id, resource in local_stack.sam_template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    ]
    registered = {function.function_name: function for function in local_stack.deployment.functions}
    for logical_id in sam_functions:
        function = registered[local_stack.physical_id(logical_id)]
        assert (function.code_dir / "app.py").is_file(), logical_id


def test_tables_and_buckets_of_the_outputs_exist(local_stack):
    dynamodb, s3 = local_stack.client("dynamodb"), local_stack.client("s3")
    tables = set(dynamodb.list_tables()["TableNames"])
    buckets = {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    for key, value in local_stack.outputs.items():
        if key.endswith("TableName"):
            assert value in tables, key
        if key.endswith("BucketName"):
            assert value in buckets, key


def test_state_machine_has_every_definition_substitution_resolved(local_stack):
    sfn = local_stack.client("stepfunctions")
    machines = [
        logical_id for logical_id, resource in local_stack.deployment.names.resources.items()
        if resource["Type"] == "AWS::StepFunctions::StateMachine"
    ]
    assert machines
    for logical_id in machines:
        definition = sfn.describe_state_machine(stateMachineArn=local_stack.physical_id(logical_id))["definition"]
        assert "${" not in definition, logical_id
        json.loads(definition)


def test_functions_share_the_templates_global_environment(local_stack):
    assert os.environ["CAPTURES_TABLE"] == local_stack.outputs["CapturesTableName"]
    assert os.environ["AWS_ENDPOINT_URL"] == local_stack.endpoint_url
