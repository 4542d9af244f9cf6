"""Each moto patch of the local stack, on moto's in-process mock. These fail loudly if moto changes."""

import json
import threading
import time
from unittest.mock import Mock

import boto3
import moto
import pytest
from moto import mock_aws
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
    state_task_service_callback,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_batch import (
    StateTaskServiceBatch,
)
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import WaitFunction
from moto.stepfunctions.parser.asl.eval import states
from tapeless_local.stack import moto_patches
from tapeless_local.stack.batch_runner import BatchSubprocessRunner

REGION = "us-east-1"


@pytest.fixture
def patched(tmp_path):
    invocations = []

    def invoker(function_name, function_arn, event):
        invocations.append((function_name, event))
        if event.get("fail"):
            return json.dumps({"errorType": "NoPersonFound", "errorMessage": "nobody"}), True, ""
        return json.dumps({"echo": event}), False, ""

    moto_patches.install(lambda_invoker=invoker, batch_job_runner=BatchSubprocessRunner(cwd=tmp_path).run, scale=0.5)
    yield invocations
    moto_patches.uninstall()


def _role(iam):
    return iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]


def test_installed_moto_is_the_pinned_version_with_unchanged_patched_code():
    moto_patches.check_moto_is_pinned_version()
    assert moto.__version__ == moto_patches.PINNED_MOTO_VERSION


def test_another_moto_version_is_refused(monkeypatch):
    monkeypatch.setattr(moto, "__version__", "5.3.0")
    with pytest.raises(moto_patches.MotoChanged, match="moto 5.3.0 is installed"):
        moto_patches.check_moto_is_pinned_version()


def test_changed_moto_code_under_a_patch_is_refused(monkeypatch):
    monkeypatch.setitem(moto_patches._ORIGINAL_SOURCE_SHA256, "Job.run", "0" * 64)
    with pytest.raises(moto_patches.MotoChanged, match="Job.run"):
        moto_patches.check_moto_is_pinned_version()


@mock_aws
def test_lambda_invocations_reach_the_in_process_invoker(patched):
    client = boto3.client("lambda", region_name=REGION)
    client.create_function(
        FunctionName="greet", Runtime="python3.11", Role=_role(boto3.client("iam", region_name=REGION)),
        Handler="app.lambda_handler", Code={"ZipFile": b"PK"},
    )
    response = client.invoke(FunctionName="greet", Payload=json.dumps({"word": "hi"}))
    assert json.loads(response["Payload"].read()) == {"echo": {"word": "hi"}}
    assert "FunctionError" not in response
    assert patched == [("greet", {"word": "hi"})]


@mock_aws
def test_lambda_errors_are_reported_as_function_errors(patched):
    client = boto3.client("lambda", region_name=REGION)
    client.create_function(
        FunctionName="fails", Runtime="python3.11", Role=_role(boto3.client("iam", region_name=REGION)),
        Handler="app.lambda_handler", Code={"ZipFile": b"PK"},
    )
    response = client.invoke(FunctionName="fails", Payload=json.dumps({"fail": True}))
    assert response["FunctionError"] == "Handled"
    assert json.loads(response["Payload"].read())["errorType"] == "NoPersonFound"


def _batch_job(batch, iam, command, **job_args):
    ce = batch.create_compute_environment(
        computeEnvironmentName="local-ce", type="UNMANAGED", state="ENABLED", serviceRole=_role(iam)
    )["computeEnvironmentArn"]
    queue = batch.create_job_queue(
        jobQueueName="local-queue", state="ENABLED", priority=1, computeEnvironmentOrder=[{"order": 1, "computeEnvironment": ce}]
    )["jobQueueArn"]
    definition = batch.register_job_definition(
        jobDefinitionName="local-job", type="container",
        containerProperties={"image": "ignored", "command": command, "vcpus": 1, "memory": 128,
                             "environment": [{"name": "WORD", "value": "from-definition"}]},
    )["jobDefinitionArn"]
    job_id = batch.submit_job(jobName="local-job", jobQueue=queue, jobDefinition=definition, **job_args)["jobId"]
    deadline = time.monotonic() + 20
    while True:
        job = batch.describe_jobs(jobs=[job_id])["jobs"][0]
        if job["status"] in ("SUCCEEDED", "FAILED"):
            return job
        assert time.monotonic() < deadline, f"job still {job['status']}"
        time.sleep(0.02)


@mock_aws
def test_batch_job_runs_its_command_with_parameters_and_overrides(patched, tmp_path):
    batch, iam = boto3.client("batch", region_name=REGION), boto3.client("iam", region_name=REGION)
    script = "import os, sys; open(sys.argv[1], 'w').write(os.environ['WORD'])"
    job = _batch_job(
        batch, iam, ["python", "-c", script, "Ref::out"],
        parameters={"out": "out.txt"},
        containerOverrides={"environment": [{"name": "WORD", "value": "from-override"}]},
    )
    assert job["status"] == "SUCCEEDED"
    assert job["container"]["exitCode"] == 0
    assert (tmp_path / "out.txt").read_text() == "from-override"


@mock_aws
def test_failing_batch_job_is_failed_with_its_exit_status_as_reason(patched):
    batch, iam = boto3.client("batch", region_name=REGION), boto3.client("iam", region_name=REGION)
    job = _batch_job(batch, iam, ["python", "-c", "import sys; print('bad input'); sys.exit(3)"])
    assert job["status"] == "FAILED"
    assert job["container"]["exitCode"] == 3
    assert "status 3" in job["statusReason"] and "bad input" in job["statusReason"]


def test_batch_task_parameters_are_mapped_to_the_batch_api_names(patched):
    task = StateTaskServiceBatch()
    parameters = {"JobName": "fit", "JobQueue": "q", "JobDefinition": "jd", "ContainerOverrides": {"Command": ["x"]}}
    task._normalise_parameters(parameters, boto_service_name="batch", service_action_name="submitJob")
    assert parameters == {"jobName": "fit", "jobQueue": "q", "jobDefinition": "jd", "containerOverrides": {"command": ["x"]}}


def test_batch_responses_are_mapped_to_step_functions_names(patched):
    response = {"jobs": [{"jobId": "1", "status": "SUCCEEDED", "container": {"exitCode": 0}}]}
    StateTaskServiceBatch()._normalise_response(response, boto_service_name="batch", service_action_name="describe_jobs")
    assert response == {"Jobs": [{"JobId": "1", "Status": "SUCCEEDED", "Container": {"ExitCode": 0}}]}


def test_retry_intervals_are_scaled(patched, monkeypatch):
    slept = []
    monkeypatch.setattr(moto_patches, "_sleep", slept.append)
    retrier_decl.time.sleep(4)
    assert slept == [2.0]


def test_wait_states_are_scaled_and_stop_with_the_execution(patched):
    env = Mock()
    env.program_state_event = Mock(spec=threading.Event)
    WaitFunction._wait_interval(Mock(spec=WaitFunction), env, 6)
    env.program_state_event.wait.assert_called_once_with(3.0)


def test_sync_polling_is_scaled(patched):
    assert pytest.approx(0.25) == state_task_service_callback._DELAY_SECONDS_SYNC_CONDITION_CHECK


def test_time_scale_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        moto_patches.set_time_scale(0)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$.items[0]", {"a": 1}),
        ("$.items[0].a", 1),
        ("$.m[0][1]", 2),
        ("$.items[*].a", [1, 2]),
        ("$.items[?(@.a==1)].a", [1]),
        ("$.items[0:1]", [{"a": 1}]),
        ("$.items[0,1].a", [1, 2]),
        ("$..a", [1, 2]),
    ],
)
def test_json_paths_give_a_list_only_when_indefinite(patched, path, expected):
    data = {"items": [{"a": 1}, {"a": 2}], "m": [[1, 2], [3]]}
    assert states.extract_json(path, data) == expected


def test_unpatched_moto_wraps_a_field_after_an_index_in_a_list():
    # The defect patch 5 fixes; if this fails, moto fixed it and the patch can go.
    moto_extract_json = moto_patches._ORIGINALS["json_path.extract_json"]
    assert moto_extract_json("$.items[0].a", {"items": [{"a": 1}]}) == [1]
