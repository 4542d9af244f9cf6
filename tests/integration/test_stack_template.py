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


NOT_EMULATED = {
    "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage",
    "AWS::Lambda::Permission", "AWS::Lambda::LayerVersion", "AWS::Events::Rule",
}


def test_only_resource_types_known_to_be_not_emulated_are_skipped(local_stack):
    assert set(local_stack.deployment.skipped.values()) <= NOT_EMULATED


def _exists(stack, resource_type, logical_id):
    names, client = stack.deployment.names, stack.client
    name = names.name(logical_id)
    if resource_type == "AWS::Lambda::Function":
        return client("lambda").get_function(FunctionName=name)["Configuration"]["FunctionName"] == name
    if resource_type == "AWS::DynamoDB::Table":
        return client("dynamodb").describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    if resource_type == "AWS::S3::Bucket":
        return client("s3").head_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 200
    if resource_type == "AWS::StepFunctions::StateMachine":
        return client("stepfunctions").describe_state_machine(stateMachineArn=names.ref(logical_id))["name"] == name
    if resource_type == "AWS::Batch::JobDefinition":
        return bool(client("batch").describe_job_definitions(jobDefinitionName=name)["jobDefinitions"])
    if resource_type == "AWS::Batch::JobQueue":
        return bool(client("batch").describe_job_queues(jobQueues=[name])["jobQueues"])
    if resource_type == "AWS::Batch::ComputeEnvironment":
        return bool(client("batch").describe_compute_environments(computeEnvironments=[name])["computeEnvironments"])
    if resource_type == "AWS::Cognito::UserPoolGroup":
        pool_id = stack.outputs["UserPoolId"]
        return client("cognito-idp").get_group(GroupName=name, UserPoolId=pool_id)["Group"]["GroupName"] == name
    if resource_type == "AWS::Logs::LogGroup":
        groups = client("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
        return [group["logGroupName"] for group in groups] == [name]
    return None


def test_each_deployable_resource_of_the_template_exists_in_the_emulator(local_stack):
    checked = []
    for logical_id, resource in local_stack.deployment.names.resources.items():
        found = _exists(local_stack, resource["Type"], logical_id)
        if found is not None:
            assert found, logical_id
            checked.append(logical_id)
    assert "CapturesTable" in checked and "CapturePipeline" in checked
