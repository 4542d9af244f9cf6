"""Creates the resources of a (SAM-transformed) CloudFormation template in the emulator.

A small deployer of its own rather than moto's CloudFormation: it creates exactly what the local
stack needs, in a fixed order of resource types, and records each function's code folder and
environment for the in-process Lambda runtime. Types it does not emulate (API Gateway — the API is
served by Chalice's local server —, Lambda permissions, EventBridge schedules, layers — the layer's
package is installed in the venv) are listed in `Deployment.skipped`. IAM roles are created but not
enforced by the emulator.
"""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tapeless_local.stack.intrinsics import IntrinsicResolver
from tapeless_local.stack.lambda_runtime import FunctionCode
from tapeless_local.stack.naming import NameBook
from tapeless_local.stack.template import code_dir_from_location

_DEPLOY_ORDER = (
    "AWS::IAM::Role",
    "AWS::S3::Bucket",
    "AWS::DynamoDB::Table",
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::Logs::LogGroup",
    "AWS::Batch::ComputeEnvironment",
    "AWS::Batch::JobQueue",
    "AWS::Batch::JobDefinition",
    "AWS::Lambda::Function",
    "AWS::StepFunctions::StateMachine",
)
_COGNITO_POOL_KEYS = (
    "Policies", "AutoVerifiedAttributes", "AliasAttributes", "UsernameAttributes", "MfaConfiguration",
    "Schema", "UsernameConfiguration", "AccountRecoverySetting", "AdminCreateUserConfig",
)
_COGNITO_CLIENT_KEYS = (
    "ClientName", "GenerateSecret", "ExplicitAuthFlows", "PreventUserExistenceErrors", "RefreshTokenValidity",
    "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "SupportedIdentityProviders",
    "CallbackURLs", "LogoutURLs", "AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
)

_CORS_RULE_KEYS = {"MaxAge": "MaxAgeSeconds", "Id": "ID", "ExposedHeaders": "ExposeHeaders"}


def _camel_keys(value: Any) -> Any:
    """CloudFormation's PascalCase keys to the camelCase the Batch API uses (values untouched)."""
    if isinstance(value, list):
        return [_camel_keys(item) for item in value]
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel_keys(v) for k, v in value.items()}
    return value


def placeholder_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "The local stack runs this function's code in-process.")
    return buffer.getvalue()


@dataclass
class Deployment:
    """What the deployer created: physical names, function code, unresolved leftovers."""

    names: NameBook
    functions: list[FunctionCode] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)


class Deployer:
    """Creates a transformed template's resources through boto3 clients of the emulator."""

    def __init__(
        self,
        *,
        client: Callable[[str], Any],
        repo_root: Path,
        stack_name: str,
        region: str,
        account_id: str,
    ):
        self._client = client
        self._repo_root = repo_root
        self._stack_name = stack_name
        self._region = region
        self._account_id = account_id

    def deploy(self, cfn: dict[str, Any], parameters: dict[str, Any]) -> Deployment:
        """Create every resource of `cfn` (in `_DEPLOY_ORDER`), then the buckets' notifications (their
        targets exist by then), then resolve the template's Outputs."""
        resources = cfn.get("Resources", {})
        names = NameBook(self._stack_name, self._region, self._account_id, resources)
        pseudo = {
            "AWS::Region": self._region,
            "AWS::AccountId": self._account_id,
            "AWS::StackName": self._stack_name,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
        defaults = {k: v.get("Default") for k, v in cfn.get("Parameters", {}).items()}
        resolver = IntrinsicResolver(
            parameters={**defaults, **parameters, **pseudo},
            ref=names.ref,
            get_att=names.get_att,
            conditions=cfn.get("Conditions"),
            mappings=cfn.get("Mappings"),
        )
        names.resolve_name = resolver.resolve
        deployment = Deployment(names=names)
        wanted = {
            logical_id: resource
            for logical_id, resource in resources.items()
            if "Condition" not in resource or resolver.condition(resource["Condition"])
        }
        for resource_type in _DEPLOY_ORDER:
            for logical_id, resource in wanted.items():
                if resource["Type"] == resource_type:
                    props = resolver.resolve(resource.get("Properties") or {})
                    self._create(resource_type, logical_id, props, deployment)
        for logical_id, resource in wanted.items():
            if resource["Type"] not in _DEPLOY_ORDER:
                deployment.skipped[logical_id] = resource["Type"]
        for logical_id, resource in wanted.items():
            if resource["Type"] == "AWS::S3::Bucket":
                props = resolver.resolve(resource.get("Properties") or {})
                self._bucket_notifications(names.name(logical_id), props)
        deployment.outputs = {
            key: resolver.resolve(output["Value"])
            for key, output in cfn.get("Outputs", {}).items()
            if "Condition" not in output or resolver.condition(output["Condition"])
        }
        return deployment

    def _create(self, resource_type: str, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        create = {
            "AWS::IAM::Role": self._role,
            "AWS::S3::Bucket": self._bucket,
            "AWS::DynamoDB::Table": self._table,
            "AWS::Cognito::UserPool": self._user_pool,
            "AWS::Cognito::UserPoolClient": self._user_pool_client,
            "AWS::Cognito::UserPoolGroup": self._user_pool_group,
            "AWS::Logs::LogGroup": self._log_group,
            "AWS::Batch::ComputeEnvironment": self._compute_environment,
            "AWS::Batch::JobQueue": self._job_queue,
            "AWS::Batch::JobDefinition": self._job_definition,
            "AWS::Lambda::Function": self._function,
            "AWS::StepFunctions::StateMachine": self._state_machine,
        }[resource_type]
        create(logical_id, props, deployment)

    def _role(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        iam = self._client("iam")
        name = deployment.names.name(logical_id)
        iam.create_role(
            RoleName=name,
            AssumeRolePolicyDocument=json.dumps(props.get("AssumeRolePolicyDocument", {})),
            Path=props.get("Path", "/"),
        )
        for policy in props.get("Policies", []):
            iam.put_role_policy(
                RoleName=name,
                PolicyName=policy["PolicyName"],
                PolicyDocument=json.dumps({"Version": "2012-10-17", **policy["PolicyDocument"]}),
            )

    def _bucket(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        s3 = self._client("s3")
        name = deployment.names.name(logical_id)
        if self._region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": self._region})
        if "BucketEncryption" in props:
            s3.put_bucket_encryption(
                Bucket=name,
                ServerSideEncryptionConfiguration={
                    "Rules": [
                        {("ApplyServerSideEncryptionByDefault" if k == "ServerSideEncryptionByDefault" else k): v
                         for k, v in rule.items()}
                        for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
                    ]
                },
            )
        if "PublicAccessBlockConfiguration" in props:
            s3.put_public_access_block(
                Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"]
            )
        if "CorsConfiguration" in props:
            rules = [
                {_CORS_RULE_KEYS.get(k, k): v for k, v in rule.items()} for rule in props["CorsConfiguration"]["CorsRules"]
            ]
            s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
        if "VersioningConfiguration" in props:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=props["VersioningConfiguration"])
        # Only expiration rules are stored (moto never expires objects anyway).
        rules = (props.get("LifecycleConfiguration") or {}).get("Rules", [])
        simple = [r for r in rules if "ExpirationInDays" in r]
        if simple:
            s3.put_bucket_lifecycle_configuration(
                Bucket=name,
                LifecycleConfiguration={
                    "Rules": [
                        {
                            "ID": r.get("Id", f"rule-{i}"),
                            "Status": r["Status"],
                            "Filter": {"Prefix": r.get("Prefix", "")},
                            "Expiration": {"Days": int(r["ExpirationInDays"])},
                        }
                        for i, r in enumerate(simple)
                    ]
                },
            )

    def _bucket_notifications(self, name: str, props: dict[str, Any]) -> None:
        lambda_configs = (props.get("NotificationConfiguration") or {}).get("LambdaConfigurations", [])
        if not lambda_configs:
            return
        configs = []
        for config in lambda_configs:
            entry: dict[str, Any] = {"LambdaFunctionArn": config["Function"], "Events": [config["Event"]]}
            rules = ((config.get("Filter") or {}).get("S3Key") or {}).get("Rules")
            if rules:
                entry["Filter"] = {"Key": {"FilterRules": rules}}
            configs.append(entry)
        self._client("s3").put_bucket_notification_configuration(
            Bucket=name, NotificationConfiguration={"LambdaFunctionConfigurations": configs}
        )

    def _table(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        dynamodb = self._client("dynamodb")
        name = deployment.names.name(logical_id)
        args: dict[str, Any] = {
            "TableName": name,
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PROVISIONED"),
        }
        for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "ProvisionedThroughput"):
            if key in props:
                args[key] = props[key]
        if "StreamSpecification" in props:
            args["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
        dynamodb.create_table(**args)
        ttl = props.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        pitr = props.get("PointInTimeRecoverySpecification")
        if pitr:
            dynamodb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification=pitr)

    def _user_pool(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        args = {k: props[k] for k in _COGNITO_POOL_KEYS if k in props}
        pool = self._client("cognito-idp").create_user_pool(
            PoolName=props.get("UserPoolName", f"{self._stack_name}-{logical_id}"), **args
        )["UserPool"]
        provider = f"cognito-idp.{self._region}.amazonaws.com/{pool['Id']}"
        deployment.names.created(
            logical_id, pool["Id"], Arn=pool["Arn"], ProviderName=provider, ProviderURL=f"https://{provider}"
        )

    def _user_pool_client(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        args = {k: props[k] for k in _COGNITO_CLIENT_KEYS if k in props}
        args.setdefault("ClientName", f"{self._stack_name}-{logical_id}")
        client = self._client("cognito-idp").create_user_pool_client(UserPoolId=props["UserPoolId"], **args)
        deployment.names.created(logical_id, client["UserPoolClient"]["ClientId"])

    def _user_pool_group(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        self._client("cognito-idp").create_group(**props)

    def _log_group(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        logs = self._client("logs")
        name = deployment.names.name(logical_id)
        logs.create_log_group(logGroupName=name)
        if "RetentionInDays" in props:
            logs.put_retention_policy(logGroupName=name, retentionInDays=int(props["RetentionInDays"]))

    def _compute_environment(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        # Jobs run as local subprocesses: the environment is created UNMANAGED, its compute resources
        # (instance types, subnets) are not emulated.
        service_role = props.get("ServiceRole")
        if service_role is None:
            service_role = self._client("iam").create_role(
                RoleName=f"{self._stack_name}-{logical_id}-service"[:64],
                AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
            )["Role"]["Arn"]
        self._client("batch").create_compute_environment(
            computeEnvironmentName=deployment.names.name(logical_id),
            type="UNMANAGED",
            state=props.get("State", "ENABLED"),
            serviceRole=service_role,
        )

    def _job_queue(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        self._client("batch").create_job_queue(
            jobQueueName=deployment.names.name(logical_id),
            state=props.get("State", "ENABLED"),
            priority=int(props.get("Priority", 1)),
            computeEnvironmentOrder=_camel_keys(props["ComputeEnvironmentOrder"]),
        )

    def _job_definition(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        args: dict[str, Any] = {
            "jobDefinitionName": deployment.names.name(logical_id),
            "type": props.get("Type", "container"),
        }
        if "ContainerProperties" in props:
            args["containerProperties"] = _camel_keys(props["ContainerProperties"])
        if "Parameters" in props:
            args["parameters"] = props["Parameters"]
        for key in ("Timeout", "RetryStrategy"):
            if key in props:
                args[key[:1].lower() + key[1:]] = _camel_keys(props[key])
        created = self._client("batch").register_job_definition(**args)
        deployment.names.created(logical_id, created["jobDefinitionArn"])

    def _function(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        name = deployment.names.name(logical_id)
        environment = {k: str(v) for k, v in (props.get("Environment") or {}).get("Variables", {}).items()}
        timeout_s, memory_mb = int(props.get("Timeout", 3)), int(props.get("MemorySize", 128))
        self._client("lambda").create_function(
            FunctionName=name,
            Runtime=props.get("Runtime", "python3.11"),
            Role=props["Role"],
            Handler=props["Handler"],
            Code={"ZipFile": placeholder_zip()},
            Environment={"Variables": environment},
            Timeout=timeout_s,
            MemorySize=memory_mb,
        )
        code_dir = code_dir_from_location(props.get("Code", {}), self._repo_root)
        if code_dir is None:
            deployment.skipped[logical_id] = "AWS::Lambda::Function (code not in this repository)"
            return
        deployment.functions.append(
            FunctionCode(name, code_dir, props["Handler"], environment, timeout_s=timeout_s, memory_mb=memory_mb)
        )

    def _state_machine(self, logical_id: str, props: dict[str, Any], deployment: Deployment) -> None:
        definition = props.get("DefinitionString") or json.dumps(props["Definition"])
        for key, value in (props.get("DefinitionSubstitutions") or {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        self._client("stepfunctions").create_state_machine(
            name=deployment.names.name(logical_id),
            definition=definition,
            roleArn=props["RoleArn"],
            type=props.get("StateMachineType", "STANDARD"),
        )
