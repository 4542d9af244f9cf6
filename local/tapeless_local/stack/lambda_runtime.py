"""Runs Lambda handlers in this process, for every invoke path of the emulator.

moto hands each invocation (Invoke API, Step Functions tasks, S3 notifications) to
`LambdaFunction._invoke_lambda`; `moto_patches` routes that seam to `InProcessLambdaRuntime.invoke`.

Environment, and why it is split in two:
- Handlers run concurrently on server threads (Step Functions Map/Parallel branches, S3 requests), so
  the runtime never changes `os.environ` per invocation: that would race between functions.
- Variables that no two functions set differently (table and bucket names, the state machine ARN,
  the user pool id...) are placed in `os.environ` once, when the stack starts (`shared_environment`).
- Variables that two functions set differently (e.g. `POWERTOOLS_SERVICE_NAME`) are applied only while that
  function's module is imported, under one lock for all imports (so two imports never see each other's
  variables). Handlers must therefore read function-specific settings at import time (module level),
  which is what Powertools' `Logger()`/`Metrics()` do; and module-level code must not invoke another
  function synchronously (its import would wait for the lock this import holds).

Every function's code is a file called `app.py`; each is imported under its own module name
(`tapeless_fn_<function name>`), and its folder is added to `sys.path` so that helper packages beside it
(e.g. `chalicelib/`) import. Helper package names must therefore be unique across functions.
"""

import importlib.util
import json
import logging
import os
import re
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class FunctionCode:
    """Where a function's handler lives and the environment the template gives it."""

    function_name: str
    code_dir: Path
    handler: str
    environment: Mapping[str, str] = field(default_factory=dict)
    timeout_s: int = 3
    memory_mb: int = 128


@dataclass
class LambdaContext:
    """The subset of the Lambda context object that handlers and Powertools read."""

    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int
    timeout_s: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    _deadline_s: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self.log_group_name = self.log_group_name or f"/aws/lambda/{self.function_name}"
        self._deadline_s = time.monotonic() + self.timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline_s - time.monotonic()) * 1000))


def shared_environment(functions: list[FunctionCode]) -> dict[str, str]:
    """The variables no two functions set differently (safe to put in `os.environ` for all of them)."""
    values: dict[str, set[str]] = {}
    for function in functions:
        for key, value in function.environment.items():
            values.setdefault(key, set()).add(value)
    return {key: next(iter(found)) for key, found in values.items() if len(found) == 1}


def module_name_for(function_name: str) -> str:
    return "tapeless_fn_" + re.sub(r"\W", "_", function_name)


@contextmanager
def _temporary_environment(variables: Mapping[str, str]) -> Iterator[None]:
    previous = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class InProcessLambdaRuntime:
    """Imports each registered function once and calls its handler for every invocation."""

    def __init__(self) -> None:
        self._functions: dict[str, FunctionCode] = {}
        self._handlers: dict[str, Callable[[Any, Any], Any]] = {}
        self._import_lock = threading.Lock()

    def register(self, function: FunctionCode) -> None:
        self._functions[function.function_name] = function

    def registered(self, function_name: str) -> FunctionCode:
        return self._functions[function_name]

    def load_module(self, function_name: str) -> Any:
        """Import (once) the module of a function, with its own environment applied during import."""
        function = self._functions[function_name]
        module_name = module_name_for(function_name)
        with self._import_lock:
            if module_name in sys.modules:
                return sys.modules[module_name]
            module_file, _ = function.handler.rsplit(".", 1)
            path = function.code_dir / (module_file.replace(".", "/") + ".py")
            if str(function.code_dir) not in sys.path:
                sys.path.append(str(function.code_dir))
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None:
                raise ImportError(f"Cannot import the handler module {path}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            try:
                with _temporary_environment(function.environment):
                    spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[module_name]
                raise
            return module

    def unload_all(self) -> None:
        """Forget every imported function module, so a later stack imports them with its own environment."""
        with self._import_lock:
            for function_name in self._functions:
                sys.modules.pop(module_name_for(function_name), None)
            self._handlers.clear()

    def handler(self, function_name: str) -> Callable[[Any, Any], Any]:
        if function_name not in self._handlers:
            module = self.load_module(function_name)
            handler_name = self._functions[function_name].handler.rsplit(".", 1)[1]
            self._handlers[function_name] = getattr(module, handler_name)
        return self._handlers[function_name]

    def invoke(self, function_name: str, function_arn: str, event: Any) -> tuple[str, bool, str]:
        """Run the handler; returns moto's `(payload_json, errored, logs)`.

        An exception becomes `{"errorType": <class name>, "errorMessage": str(e)}` with errored=True,
        which Step Functions reports under that class name (so ASL Retry/Catch match it).
        """
        function = self._functions.get(function_name)
        if function is None:
            message = f"Function {function_name} has no code registered with the local runtime"
            return json.dumps({"errorType": "ResourceNotFoundException", "errorMessage": message}), True, ""
        context = LambdaContext(
            function_name=function_name,
            invoked_function_arn=function_arn,
            memory_limit_in_mb=function.memory_mb,
            timeout_s=function.timeout_s,
        )
        try:
            return json.dumps(self.handler(function_name)(event, context)), False, ""
        except Exception as exc:
            logs = traceback.format_exc()
            LOG.info("Function %s raised %s: %s", function_name, type(exc).__name__, exc)
            error = {"errorType": type(exc).__name__, "errorMessage": str(exc)}
            return json.dumps(error), True, logs
