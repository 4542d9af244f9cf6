"""The in-process Lambda runtime: unique modules, environment at import, errors by class name."""

import json
import os
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest
from tapeless_local.stack.lambda_runtime import (
    FunctionCode,
    InProcessLambdaRuntime,
    module_name_for,
    shared_environment,
)

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"


def _function(tmp_path, name, source, **environment):
    code_dir = tmp_path / name
    code_dir.mkdir()
    (code_dir / "app.py").write_text(textwrap.dedent(source))
    return FunctionCode(name, code_dir, "app.lambda_handler", environment, timeout_s=5, memory_mb=256)


SERVICE_AT_IMPORT = """
    import os
    SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME")

    def lambda_handler(event, context):
        return {"service": SERVICE, "event": event, "function": context.function_name,
                "memory_mb": context.memory_limit_in_mb, "remaining_ms": context.get_remaining_time_in_millis(),
                "request_id": context.aws_request_id}
"""


@pytest.fixture
def runtime():
    runtime = InProcessLambdaRuntime()
    yield runtime
    for name in list(runtime._functions):
        sys.modules.pop(module_name_for(name), None)


def test_two_app_py_files_load_as_separate_modules_with_their_own_environment(tmp_path, runtime):
    runtime.register(_function(tmp_path, "first", SERVICE_AT_IMPORT, POWERTOOLS_SERVICE_NAME="first-service"))
    runtime.register(_function(tmp_path, "second", SERVICE_AT_IMPORT, POWERTOOLS_SERVICE_NAME="second-service"))
    first = json.loads(runtime.invoke("first", ARN + "first", {"n": 1})[0])
    second = json.loads(runtime.invoke("second", ARN + "second", {"n": 2})[0])
    assert (first["service"], first["event"]) == ("first-service", {"n": 1})
    assert (second["service"], second["event"]) == ("second-service", {"n": 2})


def test_function_environment_does_not_stay_in_the_process_environment(tmp_path, runtime, monkeypatch):
    monkeypatch.delenv("SAMPLE_ONLY_FOR_IMPORT", raising=False)
    runtime.register(_function(tmp_path, "f", SERVICE_AT_IMPORT, SAMPLE_ONLY_FOR_IMPORT="x"))
    runtime.invoke("f", ARN + "f", {})
    assert "SAMPLE_ONLY_FOR_IMPORT" not in os.environ


def test_handler_gets_a_lambda_context(tmp_path, runtime):
    runtime.register(_function(tmp_path, "ctx", SERVICE_AT_IMPORT))
    payload = json.loads(runtime.invoke("ctx", ARN + "ctx", {})[0])
    assert payload["function"] == "ctx" and payload["memory_mb"] == 256
    assert 0 < payload["remaining_ms"] <= 5000
    assert len(payload["request_id"]) == 36


def test_exception_is_reported_under_its_class_name(tmp_path, runtime):
    source = """
        class CardNotFound(Exception):
            pass

        def lambda_handler(event, context):
            raise CardNotFound("no card in the front photo")
    """
    runtime.register(_function(tmp_path, "fails", source))
    payload, errored, logs = runtime.invoke("fails", ARN + "fails", {})
    assert errored
    assert json.loads(payload) == {"errorType": "CardNotFound", "errorMessage": "no card in the front photo"}
    assert "CardNotFound" in logs


def test_unserialisable_result_is_an_error_not_a_crash(tmp_path, runtime):
    source = """
        def lambda_handler(event, context):
            return {"not json": object()}
    """
    runtime.register(_function(tmp_path, "bad", source))
    payload, errored, _ = runtime.invoke("bad", ARN + "bad", {})
    assert errored and json.loads(payload)["errorType"] == "TypeError"


def test_unknown_function_is_a_resource_not_found_error(runtime):
    payload, errored, _ = runtime.invoke("missing", ARN + "missing", {})
    assert errored and json.loads(payload)["errorType"] == "ResourceNotFoundException"


def test_concurrent_first_invocations_import_the_module_once(tmp_path, runtime):
    source = """
        from pathlib import Path

        with Path(__file__).with_name("imports.log").open("a") as log:
            log.write("imported\\n")

        def lambda_handler(event, context):
            return "ok"
    """
    runtime.register(_function(tmp_path, "once", source))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: runtime.invoke("once", ARN + "once", {"i": i}), range(16)))
    assert results == [('"ok"', False, "")] * 16
    assert (tmp_path / "once" / "imports.log").read_text().splitlines() == ["imported"]


def test_shared_environment_leaves_out_only_variables_two_functions_set_differently(tmp_path):
    functions = [
        FunctionCode("a", tmp_path, "app.h", {"TABLE": "t", "POWERTOOLS_SERVICE_NAME": "a"}),
        FunctionCode("b", tmp_path, "app.h", {"TABLE": "t", "POWERTOOLS_SERVICE_NAME": "b", "ONLY_B": "1"}),
    ]
    assert shared_environment(functions) == {"TABLE": "t", "ONLY_B": "1"}
