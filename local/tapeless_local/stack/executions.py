"""Starting and awaiting Step Functions executions on the emulator.

moto 5.2.5 defect: `start_execution` without a `name` gets the ARN `...:None`, and a second unnamed
execution of the same machine collides with the first. Always pass a name: `start_execution` here
makes one (`<prefix>-<uuid4>`) when the caller has none.
"""

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

_TERMINAL = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}
_POLL_S = 0.05


class ExecutionDidNotFinish(TimeoutError):
    """The execution was still running at the deadline."""


@dataclass(frozen=True)
class ExecutionResult:
    """A finished execution: its status, output (parsed JSON) or error and cause."""

    arn: str
    status: str
    output: Any
    error: str | None
    cause: str | None


def execution_name(prefix: str = "local") -> str:
    """A unique execution name (≤ 80 characters, as Step Functions requires)."""
    return f"{prefix[:40]}-{uuid.uuid4()}"


def start_execution(sfn: Any, state_machine_arn: str, payload: Any, *, name: str | None = None) -> str:
    """Start an execution with a unique name (never unnamed, see the module note); returns its ARN."""
    response = sfn.start_execution(
        stateMachineArn=state_machine_arn, name=name or execution_name(), input=json.dumps(payload)
    )
    return response["executionArn"]


def wait_for_execution(sfn: Any, execution_arn: str, *, timeout_s: float = 60.0) -> ExecutionResult:
    """Poll until the execution reaches any terminal state (success or not) or the deadline passes."""
    deadline = time.monotonic() + timeout_s
    while True:
        described = sfn.describe_execution(executionArn=execution_arn)
        status = described["status"]
        if status in _TERMINAL:
            output = described.get("output")
            return ExecutionResult(
                arn=execution_arn,
                status=status,
                output=json.loads(output) if output else None,
                error=described.get("error"),
                cause=described.get("cause"),
            )
        if time.monotonic() > deadline:
            raise ExecutionDidNotFinish(f"{execution_arn} is still {status} after {timeout_s} s")
        time.sleep(_POLL_S)


def run_execution(sfn: Any, state_machine_arn: str, payload: Any, *, timeout_s: float = 60.0) -> ExecutionResult:
    """Start a named execution and wait for its end."""
    return wait_for_execution(sfn, start_execution(sfn, state_machine_arn, payload), timeout_s=timeout_s)
