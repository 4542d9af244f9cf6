"""Reads the SAM template and turns it into the CloudFormation template the local deployer creates.

- YAML short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub`...) become their long form (`{"Ref": ...}`).
- Local paths the SAM CLI would upload are rewritten before the transform, so the translator (which
  only accepts S3 locations) keeps them: `CodeUri: functions/x/` and `ContentUri: layers/y/` become
  `s3://local-code/<path>`; `DefinitionUri: statemachine/x.asl.json` is read and inlined as
  `Definition`, so the `DefinitionSubstitutions` are left for the deployer to resolve.
- `aws-sam-translator` transforms the result offline (its bundled managed-policy map, no IAM calls).
"""

import copy
import json
from pathlib import Path
from typing import Any

import boto3
import yaml
from samtranslator.metrics.metrics import DummyMetricsPublisher, Metrics
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

LOCAL_CODE_BUCKET = "local-code"
_LOCAL_CODE_PREFIX = f"s3://{LOCAL_CODE_BUCKET}/"

_SHORT_FORMS = {
    "Ref": "Ref",
    "Condition": "Condition",
    "GetAtt": "Fn::GetAtt",
    **{
        name: f"Fn::{name}"
        for name in (
            "Sub", "Join", "If", "Select", "Split", "Equals", "Not", "And", "Or",
            "FindInMap", "Base64", "GetAZs", "ImportValue", "Cidr", "Length", "ToJsonString",
        )
    },
}


class _CloudFormationLoader(yaml.SafeLoader):
    """SafeLoader that understands CloudFormation's `!Tag` short forms."""


def _construct_intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = _SHORT_FORMS[tag_suffix]
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if name == "Fn::GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CloudFormationLoader.add_multi_constructor("!", _construct_intrinsic)


def load_template(path: Path) -> dict[str, Any]:
    """The template as plain data, intrinsics in long form."""
    return yaml.load(path.read_text(), Loader=_CloudFormationLoader)  # noqa: S506 - SafeLoader subclass


def code_dir_from_location(code: dict[str, Any], repo_root: Path) -> Path | None:
    """The local folder behind a translated function's `Code`, if it was a local `CodeUri`."""
    if code.get("S3Bucket") != LOCAL_CODE_BUCKET:
        return None
    return repo_root / code["S3Key"]


def _localise_paths(sam: dict[str, Any], repo_root: Path) -> dict[str, Any]:
    sam = copy.deepcopy(sam)
    for resource in sam.get("Resources", {}).values():
        props = resource.get("Properties") or {}
        for key in ("CodeUri", "ContentUri"):
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                props[key] = _LOCAL_CODE_PREFIX + props[key].rstrip("/")
        definition_uri = props.get("DefinitionUri")
        if resource.get("Type") == "AWS::Serverless::StateMachine" and isinstance(definition_uri, str):
            props["Definition"] = json.loads((repo_root / definition_uri).read_text())
            del props["DefinitionUri"]
    return sam


def translate(
    sam: dict[str, Any], repo_root: Path, parameter_values: dict[str, Any], region: str
) -> dict[str, Any]:
    """SAM → CloudFormation, offline."""
    local_sam = _localise_paths(sam, repo_root)
    metrics = Metrics("ServerlessTransform", DummyMetricsPublisher())
    translator = Translator(
        managed_policy_map=None, sam_parser=Parser(), boto_session=boto3.Session(region_name=region), metrics=metrics
    )
    # Managed policy names resolve through the map bundled with aws-sam-translator; the fallback
    # (normally an IAM call) answers nothing, so an unknown name stays as written.
    cfn = translator.translate(
        sam_template=local_sam, parameter_values=parameter_values, get_managed_policy_map=lambda: {}
    )
    metrics.publish()  # to the dummy publisher: only silences the translator's "unpublished metrics" warning
    return cfn
