"""moto 5.2.5 defects the stack works around, each shown on the running stack."""

import json
import uuid
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from tapeless_local.stack.executions import run_execution, start_execution

pytestmark = pytest.mark.integration
FUNCTIONS = Path(__file__).parent / "stack_functions"
PASS_ONLY = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}


def _machine(local_stack, definition):
    return local_stack.create_state_machine(f"defect-{uuid.uuid4().hex[:8]}", definition)


def test_unnamed_execution_gets_arn_ending_in_none_and_a_second_one_collides(local_stack):
    sfn = local_stack.client("stepfunctions")
    machine = _machine(local_stack, PASS_ONLY)
    first = sfn.start_execution(stateMachineArn=machine, input="{}")["executionArn"]
    assert first.endswith(":None")
    with pytest.raises(ClientError, match="ExecutionAlreadyExists"):
        sfn.start_execution(stateMachineArn=machine, input="{}")


def test_start_execution_helper_always_names_executions(local_stack):
    sfn = local_stack.client("stepfunctions")
    machine = _machine(local_stack, PASS_ONLY)
    arns = {start_execution(sfn, machine, {}) for _ in range(3)}
    assert len(arns) == 3
    assert not any(arn.endswith(":None") for arn in arns)


def test_path_through_an_array_index_gives_the_value_not_a_list(local_stack):
    echo = local_stack.add_function(f"echo-{uuid.uuid4().hex[:8]}", FUNCTIONS / "echo")
    definition = {
        "StartAt": "Pick",
        "States": {
            "Pick": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {
                    "FunctionName": echo,
                    "Payload": {"first_view.$": "$.views[0].name", "first.$": "$.views[0]", "all.$": "$.views[*].name"},
                },
                "OutputPath": "$.Payload.event",
                "End": True,
            }
        },
    }
    result = run_execution(
        local_stack.client("stepfunctions"), _machine(local_stack, definition),
        {"views": [{"name": "front"}, {"name": "side"}]},
    )
    assert result.status == "SUCCEEDED", result
    assert result.output == {"first_view": "front", "first": {"name": "front"}, "all": ["front", "side"]}


def test_invalid_asl_is_accepted_by_moto_so_ci_validates_it_separately(local_stack):
    broken = json.loads(json.dumps(PASS_ONLY))
    broken["States"]["Done"] = {"Type": "Pass", "Next": "Nowhere"}
    arn = _machine(local_stack, broken)
    assert arn.startswith("arn:aws:states:")
