"""Named exceptions raised by in-process handlers drive the state machine's Retry and Catch."""

import uuid
from pathlib import Path

import pytest
from tapeless_local.stack.executions import run_execution

pytestmark = pytest.mark.integration
FUNCTIONS = Path(__file__).parent / "stack_functions"


def _unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _task(resource, **fields):
    return {"Type": "Task", "Resource": resource, **fields}


def test_task_raising_a_named_error_is_retried_until_it_succeeds(local_stack):
    flaky = local_stack.add_function(_unique("flaky"), FUNCTIONS / "flaky", FAIL_TIMES="2")
    retry = [{"ErrorEquals": ["TransientError"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2.0}]
    machine = local_stack.create_state_machine(
        _unique("retry"), {"StartAt": "Flaky", "States": {"Flaky": _task(flaky, Retry=retry, End=True)}}
    )
    result = run_execution(local_stack.client("stepfunctions"), machine, {"key": "capture-1"})
    assert result.status == "SUCCEEDED", result
    assert result.output == {"key": "capture-1", "attempts": 3}


def test_named_error_outlasting_its_retries_is_caught_by_name(local_stack):
    flaky = local_stack.add_function(_unique("flaky"), FUNCTIONS / "flaky", FAIL_TIMES="5")
    definition = {
        "StartAt": "Flaky",
        "States": {
            "Flaky": _task(
                flaky,
                Retry=[{"ErrorEquals": ["TransientError"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                Catch=[
                    {"ErrorEquals": ["NoPersonFound"], "Next": "Wrong handler"},
                    {"ErrorEquals": ["TransientError"], "ResultPath": "$.error", "Next": "Record failure"},
                ],
                End=True,
            ),
            "Wrong handler": {"Type": "Fail", "Error": "WrongCatch"},
            "Record failure": {"Type": "Pass", "End": True},
        },
    }
    machine = local_stack.create_state_machine(_unique("catch"), definition)
    result = run_execution(local_stack.client("stepfunctions"), machine, {"key": "capture-2"})
    assert result.status == "SUCCEEDED", result
    assert result.output["error"]["Error"] == "TransientError"
    assert "attempt 3 of capture-2 failed" in result.output["error"]["Cause"]


def test_named_error_nobody_catches_fails_the_execution_under_its_name(local_stack):
    fails = local_stack.add_function(_unique("fails"), FUNCTIONS / "always_fails")
    machine = local_stack.create_state_machine(
        _unique("uncaught"), {"StartAt": "Find body", "States": {"Find body": _task(fails, End=True)}}
    )
    result = run_execution(local_stack.client("stepfunctions"), machine, {"photo": "front.jpg"})
    assert result.status == "FAILED"
    assert result.error == "NoPersonFound"
    assert "nobody in front.jpg" in result.cause


def test_handler_runs_with_its_own_environment_and_a_lambda_context(local_stack):
    name = _unique("echo")
    echo = local_stack.add_function(name, FUNCTIONS / "echo", POWERTOOLS_SERVICE_NAME="echo-service")
    machine = local_stack.create_state_machine(
        _unique("echo"), {"StartAt": "Echo", "States": {"Echo": _task(echo, End=True)}}
    )
    result = run_execution(local_stack.client("stepfunctions"), machine, {"hello": "world"})
    assert result.status == "SUCCEEDED", result
    assert result.output["event"] == {"hello": "world"}
    assert result.output["function_name"] == name
    assert result.output["service_at_import"] == "echo-service"
    assert result.output["remaining_ms"] > 0


def test_map_iterations_run_the_handler_concurrently_each_with_its_own_event(local_stack):
    echo = local_stack.add_function(_unique("echo"), FUNCTIONS / "echo", POWERTOOLS_SERVICE_NAME="echo-service")
    definition = {
        "StartAt": "Each view",
        "States": {
            "Each view": {
                "Type": "Map",
                "ItemsPath": "$.views",
                "MaxConcurrency": 4,
                "Iterator": {"StartAt": "Echo", "States": {"Echo": _task(echo, End=True)}},
                "End": True,
            }
        },
    }
    views = [{"view": f"view-{i}"} for i in range(8)]
    result = run_execution(local_stack.client("stepfunctions"), local_stack.create_state_machine(_unique("map"), definition),
                           {"views": views})
    assert result.status == "SUCCEEDED", result
    assert [item["event"] for item in result.output] == views
    assert {item["service_at_import"] for item in result.output} == {"echo-service"}
