"""The local deployer creates a transformed template's resources (on moto's in-process mock)."""

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws
from tapeless_local.stack.deployer import Deployer
from tapeless_local.stack.naming import NameBook, NotDeployedYet
from tapeless_local.stack.template import load_template, translate

SAMPLE = Path(__file__).parent / "sample_stack"
REGION = "eu-west-1"
ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def deployed():
    with mock_aws():
        clients = {}

        def client(service):
            clients.setdefault(service, boto3.client(service, region_name=REGION))
            return clients[service]

        cfn = translate(load_template(SAMPLE / "template.yaml"), SAMPLE, {"Stage": "test"}, REGION)
        deployer = Deployer(client=client, repo_root=SAMPLE, stack_name="sample", region=REGION, account_id=ACCOUNT)
        yield deployer.deploy(cfn, {"Stage": "test"}), client


def test_table_has_its_index_and_ttl(deployed):
    deployment, client = deployed
    name = deployment.outputs["ItemsTableName"]
    table = client("dynamodb").describe_table(TableName=name)["Table"]
    assert [index["IndexName"] for index in table["GlobalSecondaryIndexes"]] == ["by-owner"]
    ttl = client("dynamodb").describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}


def test_unnamed_resources_get_the_stack_and_logical_id_as_name(deployed):
    deployment, _ = deployed
    assert deployment.outputs["ItemsTableName"] == "sample-ItemsTable"
    assert deployment.outputs["UploadsBucketName"] == "sample-test-uploads"


def test_bucket_notifies_the_function_of_new_objects_under_its_prefix(deployed):
    deployment, client = deployed
    config = client("s3").get_bucket_notification_configuration(Bucket="sample-test-uploads")
    (target,) = config["LambdaFunctionConfigurations"]
    assert target["LambdaFunctionArn"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:sample-GreetFunction"
    (rule,) = target["Filter"]["Key"]["FilterRules"]
    assert (rule["Name"].lower(), rule["Value"]) == ("prefix", "in/")


def test_state_machine_definition_has_every_substitution_resolved(deployed):
    deployment, client = deployed
    definition = json.loads(
        client("stepfunctions").describe_state_machine(stateMachineArn=deployment.outputs["WorkflowArn"])["definition"]
    )
    assert definition["States"]["Greet"]["Resource"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:sample-GreetFunction"
    assert definition["States"]["Echo"]["Parameters"]["JobDefinition"].endswith(":job-definition/sample-EchoJob:1")
    assert "${" not in json.dumps(definition)


def test_functions_are_registered_with_code_folder_and_resolved_environment(deployed):
    deployment, _ = deployed
    functions = {f.function_name: f for f in deployment.functions}
    greet = functions["sample-GreetFunction"]
    assert greet.code_dir == SAMPLE / "functions/greet"
    assert greet.environment["ITEMS_TABLE"] == "sample-ItemsTable"
    assert greet.environment["WORKFLOW_ARN"] == deployment.outputs["WorkflowArn"]
    assert greet.environment["POWERTOOLS_SERVICE_NAME"] == "greet"
    assert functions["sample-ApiFunction"].environment["POWERTOOLS_SERVICE_NAME"] == "api"


def test_user_pool_client_and_group_exist(deployed):
    deployment, client = deployed
    cognito = client("cognito-idp")
    pool_id = deployment.outputs["UserPoolId"]
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"]
    assert [c["ClientId"] for c in clients] == [deployment.outputs["UserPoolClientId"]]
    assert [g["GroupName"] for g in cognito.list_groups(UserPoolId=pool_id)["Groups"]] == ["admin"]


def test_batch_job_definition_keeps_command_and_parameters(deployed):
    _, client = deployed
    (definition,) = client("batch").describe_job_definitions(jobDefinitionName="sample-EchoJob")["jobDefinitions"]
    assert definition["containerProperties"]["command"][-1] == "Ref::word"
    assert definition["parameters"] == {"word": "hello"}
    assert definition["containerProperties"]["environment"] == [{"name": "STAGE", "value": "test"}]


def test_api_gateway_resources_are_listed_as_not_emulated(deployed):
    deployment, _ = deployed
    assert "AWS::ApiGateway::RestApi" in deployment.skipped.values()


def test_user_pool_id_is_unknown_before_creation():
    names = NameBook("s", REGION, ACCOUNT, {"Pool": {"Type": "AWS::Cognito::UserPool"}})
    with pytest.raises(NotDeployedYet):
        names.ref("Pool")
    names.created("Pool", "eu-west-1_abc", Arn="arn:pool")
    assert names.ref("Pool") == "eu-west-1_abc" and names.get_att("Pool", "Arn") == "arn:pool"
