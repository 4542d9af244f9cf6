"""`arn:aws:states:::batch:submitJob.sync` runs the job's command locally and returns its result."""

import json
import uuid

import pytest
from tapeless_local.stack.executions import run_execution

pytestmark = pytest.mark.integration

WRITE_OUTPUT = "import os, sys; open(sys.argv[1], 'w').write(os.environ['GREETING']); print('job done')"


@pytest.fixture(scope="module")
def job_queue(local_stack):
    suffix = uuid.uuid4().hex[:8]
    batch, iam = local_stack.client("batch"), local_stack.client("iam")
    role = iam.create_role(RoleName=f"batch-{suffix}", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    environment = batch.create_compute_environment(
        computeEnvironmentName=f"test-ce-{suffix}", type="UNMANAGED", state="ENABLED", serviceRole=role
    )["computeEnvironmentArn"]
    return batch.create_job_queue(
        jobQueueName=f"test-queue-{suffix}", state="ENABLED", priority=1,
        computeEnvironmentOrder=[{"order": 1, "computeEnvironment": environment}],
    )["jobQueueArn"]


def _job_definition(local_stack, command):
    return local_stack.client("batch").register_job_definition(
        jobDefinitionName=f"test-job-{uuid.uuid4().hex[:8]}",
        type="container",
        containerProperties={
            "image": "ignored-locally", "command": command, "vcpus": 1, "memory": 512,
            "environment": [{"name": "GREETING", "value": "from the job definition"}],
        },
    )["jobDefinitionArn"]


def _sync_machine(local_stack, queue, definition):
    task = {
        "Type": "Task",
        "Resource": "arn:aws:states:::batch:submitJob.sync",
        "Parameters": {
            "JobName": "fit-body",
            "JobQueue": queue,
            "JobDefinition": definition,
            "Parameters": {"out.$": "$.out"},
            "ContainerOverrides": {"Environment": [{"Name": "GREETING", "Value": "from the state machine"}]},
        },
        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Job failed"}],
        "End": True,
    }
    return local_stack.create_state_machine(
        f"batch-{uuid.uuid4().hex[:8]}",
        {"StartAt": "Fit body on GPU", "States": {"Fit body on GPU": task, "Job failed": {"Type": "Pass", "End": True}}},
    )


def test_sync_batch_task_runs_the_command_and_returns_the_finished_job(local_stack, job_queue, tmp_path):
    definition = _job_definition(local_stack, ["python", "-c", WRITE_OUTPUT, "Ref::out"])
    machine = _sync_machine(local_stack, job_queue, definition)
    out = tmp_path / "job-output.txt"
    result = run_execution(local_stack.client("stepfunctions"), machine, {"out": str(out)}, timeout_s=30)
    assert result.status == "SUCCEEDED", result
    assert out.read_text() == "from the state machine"
    assert result.output["Status"] == "SUCCEEDED"
    assert result.output["Container"]["ExitCode"] == 0
    assert result.output["JobName"] == "fit-body"
    assert result.output["Parameters"] == {"out": str(out)}


def test_failing_batch_command_fails_the_task_with_its_exit_status(local_stack, job_queue, tmp_path):
    definition = _job_definition(local_stack, ["python", "-c", "import sys; print('no GPU here'); sys.exit(4)"])
    machine = _sync_machine(local_stack, job_queue, definition)
    result = run_execution(local_stack.client("stepfunctions"), machine, {"out": str(tmp_path / "x")}, timeout_s=30)
    assert result.status == "SUCCEEDED", result
    assert result.output["error"]["Error"] == "States.TaskFailed"
    job = json.loads(result.output["error"]["Cause"])
    assert job["Status"] == "FAILED"
    assert job["Container"]["ExitCode"] == 4
    assert "status 4" in job["StatusReason"] and "no GPU here" in job["StatusReason"]
