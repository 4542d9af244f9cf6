"""Every change the local stack makes to moto's internals, in one place.

moto is pinned exactly (`PINNED_MOTO_VERSION`): these patches replace private methods, so `install()`
refuses to run on another version, and refuses when the source of a replaced method differs from the
one these patches were written against (`_ORIGINAL_SOURCE_SHA256`). tests/unit/stack/test_stack_moto_patches.py
checks each patch's behaviour. After a moto upgrade: re-read each replaced method, adapt the patch,
update the hashes (`moto_patches.print_source_hashes()` prints them).

The patches:
1. Lambda: `LambdaFunction._invoke_lambda` (the one seam of every invoke path) runs the real handler
   in-process through `InProcessLambdaRuntime` instead of Docker.
2. Batch: `Job.run` (the job thread's body) runs the job definition's command as a subprocess
   (`BatchSubprocessRunner`) instead of Docker; `Job._container_details` adds the finished job's
   `exitCode`, which moto leaves out of DescribeJobs (and so of the `.sync` result's `Container`).
3. Step Functions `batch:submitJob.sync`: moto's port of the LocalStack interpreter left
   `StateTaskService._normalise_parameters`/`_normalise_response` as no-ops, so ASL's PascalCase
   `JobName` reaches boto as-is (`States.Runtime ... 'JobName'`) and the sync resolver's read of
   `JobId` fails. For the Batch integration only, both are restored to LocalStack's behaviour:
   request keys mapped onto botocore's input shape (`JobName` -> `jobName`), response keys to
   Step Functions' PascalCase (`jobId` -> `JobId`, and the `.sync` result `Status`, `Container`...).
4. Time scale: ASL `Retry` intervals, `Wait` states and the `.sync` polling delay are multiplied by
   a factor (`set_time_scale`, from `TAPELESS_LOCAL_TIME_SCALE` by default, 1.0 = real time), so fault
   tests do not sleep for whole seconds. Only the emulator's interpreter is affected.
5. JSONPath results: moto wraps the value of any path that reads a field after an array index in a
   list (`$.items[0].name` gives `["a"]`; its fix for moto issue 7825 was meant for filters). Step Functions
   returns a list only for indefinite paths (wildcard, slice, filter, union, `..`); `extract_json` is
   replaced by that rule everywhere the interpreter imported it.

`uninstall()` restores moto's own code (used by the unit tests of these patches).
"""

import functools
import hashlib
import inspect
import os
import re
import sys
import time
from collections.abc import Callable
from typing import Any

import botocore.session
import moto
from moto.awslambda.models import LambdaFunction
from moto.batch.models import Job
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
from moto.stepfunctions.parser.asl.component.common.retry.retrier_decl import RetrierDecl
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
    state_task_service_callback,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service import (
    StateTaskService,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_batch import (
    StateTaskServiceBatch,
)
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import WaitFunction
from moto.stepfunctions.parser.asl.utils import json_path
from moto.stepfunctions.parser.utils import camel_to_snake_case, snake_to_camel_case

PINNED_MOTO_VERSION = "5.2.5"
TIME_SCALE_VARIABLE = "TAPELESS_LOCAL_TIME_SCALE"
_SYNC_POLL_DELAY_S = 0.5
_MIN_SYNC_POLL_DELAY_S = 0.005

# sha256 of inspect.getsource() of each moto method replaced or relied upon, in moto 5.2.5.
_ORIGINAL_SOURCE_SHA256 = {
    "LambdaFunction._invoke_lambda": "23ce7a8f956e8090eaf8a3a4de498cf938c79db073ab0284b988f1aed8719f5f",
    "Job.run": "3029a1f61b52d2981f79170364b5b261eab471a3d937fc106ab8693c4ad535af",
    "Job._container_details": "2f77531f816470f394abdaac92ffc84409b62471eaffec9dc41f70076b6da315",
    "StateTaskService._normalise_parameters": "dece59e76fd5e746d2c67f140a63bc1b25dad5dde3258c1794fa46894e6d07f9",
    "StateTaskService._normalise_response": "00e0b0a50b1dd4baea457d318dcc88928f27a633d3383c6224ae47c17eedbc87",
    "StateTaskServiceBatch._build_sync_resolver": "c27d42b99703c9e92cfa9d164f3f8e2f7cd8687a5ac7bb81ae5561bfec05d9ac",
    "RetrierDecl._eval_body": "48463fff19cefa98cfb054311706ba47abfe813da0e65ce1a6376a9101f35f09",
    "WaitFunction._wait_interval": "8f954dee80372b4b8233918f4d94810949f402cb3ddd2361ef4cbd9719d02253",
    "json_path.extract_json": "932245247973780c72287b75597e70031472f0cd764f35a199100d8a195987a4",
}
_ORIGINALS: dict[str, Callable[..., Any]] = {
    "LambdaFunction._invoke_lambda": LambdaFunction._invoke_lambda,
    "Job.run": Job.run,
    "Job._container_details": Job._container_details,
    "StateTaskService._normalise_parameters": StateTaskService._normalise_parameters,
    "StateTaskService._normalise_response": StateTaskService._normalise_response,
    "StateTaskServiceBatch._build_sync_resolver": StateTaskServiceBatch._build_sync_resolver,
    "RetrierDecl._eval_body": RetrierDecl._eval_body,
    "WaitFunction._wait_interval": WaitFunction._wait_interval,
    "json_path.extract_json": json_path.extract_json,
}
_SYNC_POLL_DELAY_ORIGINAL_S = state_task_service_callback._DELAY_SECONDS_SYNC_CONDITION_CHECK

LambdaInvoker = Callable[[str, str, Any], tuple[str, bool, str]]
BatchJobRunner = Callable[[Job], None]

_sleep = time.sleep
_time_scale = float(os.environ.get(TIME_SCALE_VARIABLE, "1.0"))
_lambda_invoker: LambdaInvoker | None = None
_batch_job_runner: BatchJobRunner | None = None


class MotoChanged(RuntimeError):
    """moto is not the version (or not the code) the local stack's patches were written for."""


def source_sha256(function: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def check_moto_is_pinned_version() -> None:
    """Fail loudly unless moto is exactly the pinned version with the method bodies patched here."""
    if moto.__version__ != PINNED_MOTO_VERSION:
        raise MotoChanged(
            f"The local stack patches moto {PINNED_MOTO_VERSION} internals but moto {moto.__version__} is "
            "installed: install the pinned version (requirements.lock) or port tapeless_local/stack/moto_patches.py."
        )
    changed = [name for name, fn in _ORIGINALS.items() if source_sha256(fn) != _ORIGINAL_SOURCE_SHA256[name]]
    if changed:
        raise MotoChanged(f"moto's code changed under the local stack's patches: {', '.join(changed)}")


def set_time_scale(scale: float) -> None:
    """Multiply ASL Retry intervals, Wait states and .sync polling by `scale` (1.0 = real time)."""
    global _time_scale
    if scale <= 0:
        raise ValueError(f"The time scale must be positive, got {scale}")
    _time_scale = scale
    state_task_service_callback._DELAY_SECONDS_SYNC_CONDITION_CHECK = max(
        _MIN_SYNC_POLL_DELAY_S, _SYNC_POLL_DELAY_S * scale
    )


def time_scale() -> float:
    return _time_scale


# --- 1. Lambda -------------------------------------------------------------------------------------


def _invoke_lambda_in_process(self: LambdaFunction, event: Any = None) -> tuple[str, bool, str]:
    """Replaces `LambdaFunction._invoke_lambda`: the handler runs in this process, not in Docker."""
    if _lambda_invoker is None:
        raise MotoChanged("moto_patches.install() was not given a Lambda invoker")
    return _lambda_invoker(self.function_name, self.function_arn, {} if event is None else event)


# --- 2. Batch --------------------------------------------------------------------------------------


def _run_job_locally(self: Job) -> None:
    """Replaces `Job.run`: the job's command runs as a local subprocess, not in Docker."""
    if _batch_job_runner is None:
        raise MotoChanged("moto_patches.install() was not given a Batch job runner")
    _batch_job_runner(self)


def _container_details_with_exit_code(self: Job) -> dict[str, Any]:
    """Wraps `Job._container_details`: adds `exitCode` once the job's command has exited."""
    details = _ORIGINALS["Job._container_details"](self)
    if self.exit_code is not None:
        details["exitCode"] = self.exit_code
    return details


# --- 3. Step Functions batch:submitJob(.sync) --------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _operation_model(service_name: str, action: str) -> Any:
    operation_name = snake_to_camel_case(camel_to_snake_case(action))
    return botocore.session.get_session().get_service_model(service_name).operation_model(operation_name)


def _batch_normalise_parameters(
    self: StateTaskServiceBatch,
    parameters: dict,
    boto_service_name: str | None = None,
    service_action_name: str | None = None,
) -> None:
    """ASL parameters (`JobName`) to botocore's request names (`jobName`), as LocalStack does."""
    operation = _operation_model(
        self._get_boto_service_name(boto_service_name), service_action_name or self.resource.api_action
    )
    if operation.input_shape is not None:
        self._to_boto_request(parameters, operation.input_shape)


def _batch_normalise_response(
    self: StateTaskServiceBatch,
    response: Any,
    boto_service_name: str | None = None,
    service_action_name: str | None = None,
) -> None:
    """botocore's response names (`jobId`) to Step Functions' PascalCase (`JobId`), as LocalStack does."""
    operation = _operation_model(
        self._get_boto_service_name(boto_service_name), service_action_name or self.resource.api_action
    )
    if operation.output_shape is not None:
        self._from_boto_response(response, operation.output_shape)


# --- 4. Time scale ---------------------------------------------------------------------------------


class _ScaledTime:
    """Stands in for the `time` module inside moto's retrier: `sleep` is scaled, the rest is `time`."""

    def sleep(self, seconds: float) -> None:
        _sleep(seconds * _time_scale)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def _scaled_wait_interval(self: WaitFunction, env: Any, wait_seconds: int) -> None:
    """Replaces `WaitFunction._wait_interval`: waits `wait_seconds * scale`, interrupted when the
    execution stops (moto's version re-enters in whole seconds, which cannot express a scaled wait)."""
    if wait_seconds > 0:
        env.program_state_event.wait(wait_seconds * _time_scale)


# --- 5. JSONPath results ----------------------------------------------------------------------------

_INDEFINITE_PATH = re.compile(r"\.\.|\[\s*(?:\*|\?|-?\d*\s*:|[^\]]*,)")


def _extract_json_as_step_functions(path: str, data: Any) -> Any:
    """Replaces `json_path.extract_json`: a list only for indefinite paths, else the single value."""
    matches = json_path.parse(path).find(data)
    if not matches:
        return _ORIGINALS["json_path.extract_json"](path, data)  # raises, or [] for wildcards/slices
    if len(matches) > 1 or _INDEFINITE_PATH.search(path):
        return [match.value for match in matches]
    return matches[0].value


def _replace_everywhere(module_prefix: str, original: Any, replacement: Any, name: str) -> None:
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith(module_prefix) and getattr(module, name, None) is original:
            setattr(module, name, replacement)


# --- install -----------------------------------------------------------------------------------------


def install(*, lambda_invoker: LambdaInvoker, batch_job_runner: BatchJobRunner, scale: float | None = None) -> None:
    """Apply every patch (idempotent); the latest invoker and runner win."""
    global _lambda_invoker, _batch_job_runner
    check_moto_is_pinned_version()
    _lambda_invoker = lambda_invoker
    _batch_job_runner = batch_job_runner
    LambdaFunction._invoke_lambda = _invoke_lambda_in_process
    Job.run = _run_job_locally
    Job._container_details = _container_details_with_exit_code
    StateTaskServiceBatch._normalise_parameters = _batch_normalise_parameters
    StateTaskServiceBatch._normalise_response = _batch_normalise_response
    retrier_decl.time = _ScaledTime()
    WaitFunction._wait_interval = _scaled_wait_interval
    _replace_everywhere(
        "moto.stepfunctions", _ORIGINALS["json_path.extract_json"], _extract_json_as_step_functions, "extract_json"
    )
    set_time_scale(_time_scale if scale is None else scale)


def uninstall() -> None:
    """Put moto's own code back (the invoker and runner are forgotten)."""
    global _lambda_invoker, _batch_job_runner
    _lambda_invoker = _batch_job_runner = None
    LambdaFunction._invoke_lambda = _ORIGINALS["LambdaFunction._invoke_lambda"]
    Job.run = _ORIGINALS["Job.run"]
    Job._container_details = _ORIGINALS["Job._container_details"]
    for name in ("_normalise_parameters", "_normalise_response"):
        if name in StateTaskServiceBatch.__dict__:
            delattr(StateTaskServiceBatch, name)
    retrier_decl.time = time
    WaitFunction._wait_interval = _ORIGINALS["WaitFunction._wait_interval"]
    _replace_everywhere(
        "moto.stepfunctions", _extract_json_as_step_functions, _ORIGINALS["json_path.extract_json"], "extract_json"
    )
    state_task_service_callback._DELAY_SECONDS_SYNC_CONDITION_CHECK = _SYNC_POLL_DELAY_ORIGINAL_S


def print_source_hashes() -> None:
    """Print `_ORIGINAL_SOURCE_SHA256` for the installed moto (after porting the patches to it)."""
    for name, fn in _ORIGINALS.items():
        print(f'    "{name}": "{source_sha256(fn)}",')  # noqa: T201 - a maintenance helper's output
