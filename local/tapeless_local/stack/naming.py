"""Physical names, `Ref` values and `Fn::GetAtt` attributes of the local stack's resources.

Most names and ARNs are deterministic (the name property, or `<stack>-<LogicalId>` when the template
leaves it out), so a resource can be referenced before it exists, which breaks the cycles that real
CloudFormation resolves (a function whose environment names the state machine that invokes it).
Ids the emulator chooses at creation (user pool, app client, job definition revision) are recorded
with `NameBook.created` and take precedence.
"""

from dataclasses import dataclass, field
from typing import Any

_NAME_PROPERTY = {
    "AWS::S3::Bucket": "BucketName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::StepFunctions::StateMachine": "StateMachineName",
    "AWS::IAM::Role": "RoleName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::Batch::ComputeEnvironment": "ComputeEnvironmentName",
    "AWS::Batch::JobQueue": "JobQueueName",
    "AWS::Batch::JobDefinition": "JobDefinitionName",
    "AWS::Cognito::UserPoolGroup": "GroupName",
    "AWS::Lambda::LayerVersion": "LayerName",
}
_MAX_NAME_LENGTH = {"AWS::S3::Bucket": 63, "AWS::Lambda::Function": 64, "AWS::IAM::Role": 64}
LOCAL_REST_API_ID = "local"


class NotDeployedYet(LookupError):
    """A resource's id is chosen by the emulator and the resource has not been created yet."""


@dataclass
class NameBook:
    """Knows every resource's name, `Ref` and attributes, predicted or recorded at creation."""

    stack_name: str
    region: str
    account_id: str
    resources: dict[str, dict[str, Any]]
    resolve_name: Any = None  # callable resolving a name property's intrinsics, set by the deployer
    _created: dict[str, dict[str, Any]] = field(default_factory=dict)

    def created(self, logical_id: str, ref: Any, **attributes: Any) -> None:
        self._created[logical_id] = {"Ref": ref, **attributes}

    def type_of(self, logical_id: str) -> str:
        return self.resources[logical_id]["Type"]

    def name(self, logical_id: str) -> str:
        resource_type = self.type_of(logical_id)
        declared = (self.resources[logical_id].get("Properties") or {}).get(_NAME_PROPERTY.get(resource_type, ""))
        if declared is not None:
            return str(self.resolve_name(declared) if self.resolve_name else declared)
        name = f"{self.stack_name}-{logical_id}"
        if resource_type == "AWS::S3::Bucket":
            name = name.lower()
        if resource_type == "AWS::Logs::LogGroup":
            name = f"/local/{self.stack_name}/{logical_id}"
        return name[: _MAX_NAME_LENGTH.get(resource_type, 255)]

    def ref(self, logical_id: str) -> Any:
        if logical_id in self._created:
            return self._created[logical_id]["Ref"]
        return self._predicted(logical_id)["Ref"]

    def get_att(self, logical_id: str, attribute: str) -> Any:
        if attribute in self._created.get(logical_id, {}):
            return self._created[logical_id][attribute]
        predicted = self._predicted(logical_id)
        if attribute not in predicted:
            raise NotDeployedYet(f"{logical_id}.{attribute} is not known before {logical_id} is created")
        return predicted[attribute]

    def _arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        region = self.region if regional else ""
        return f"arn:aws:{service}:{region}:{self.account_id}:{resource}"

    def _predicted(self, logical_id: str) -> dict[str, Any]:  # noqa: PLR0911 - one branch per type
        resource_type = self.type_of(logical_id)
        if resource_type in ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"):
            raise NotDeployedYet(f"{logical_id} ({resource_type}) gets its id when it is created")
        name = self.name(logical_id)
        if resource_type == "AWS::S3::Bucket":
            return {
                "Ref": name,
                "Arn": f"arn:aws:s3:::{name}",
                "DomainName": f"{name}.s3.amazonaws.com",
                "RegionalDomainName": f"{name}.s3.{self.region}.amazonaws.com",
            }
        if resource_type == "AWS::DynamoDB::Table":
            return {"Ref": name, "Arn": self._arn("dynamodb", f"table/{name}")}
        if resource_type == "AWS::Lambda::Function":
            return {"Ref": name, "Arn": self._arn("lambda", f"function:{name}")}
        if resource_type == "AWS::StepFunctions::StateMachine":
            arn = self._arn("states", f"stateMachine:{name}")
            return {"Ref": arn, "Arn": arn, "Name": name}
        if resource_type == "AWS::IAM::Role":
            return {"Ref": name, "Arn": self._arn("iam", f"role/{name}", regional=False), "RoleId": name}
        if resource_type == "AWS::Logs::LogGroup":
            return {"Ref": name, "Arn": self._arn("logs", f"log-group:{name}:*")}
        if resource_type == "AWS::Batch::ComputeEnvironment":
            arn = self._arn("batch", f"compute-environment/{name}")
            return {"Ref": arn, "ComputeEnvironmentArn": arn}
        if resource_type == "AWS::Batch::JobQueue":
            arn = self._arn("batch", f"job-queue/{name}")
            return {"Ref": arn, "JobQueueArn": arn}
        if resource_type == "AWS::Batch::JobDefinition":
            return {"Ref": self._arn("batch", f"job-definition/{name}:1")}
        if resource_type == "AWS::Lambda::LayerVersion":
            return {"Ref": self._arn("lambda", f"layer:{name}:1")}
        if resource_type == "AWS::Cognito::UserPoolGroup":
            return {"Ref": name}
        if resource_type == "AWS::ApiGateway::RestApi":
            return {"Ref": LOCAL_REST_API_ID, "RootResourceId": "root"}
        return {"Ref": logical_id}
