"""The embedded local AWS stack: moto's server, the template's resources, handlers run in-process.

    with LocalStack(StackConfig(port=0, api_port=0, time_scale=0.01)) as stack:
        stack.outputs["CapturePipelineArn"], stack.client("s3"), stack.create_user(...)

`start()` patches moto (`moto_patches`), starts `ThreadedMotoServer`, switches on Step Functions
execution, transforms template.yaml with aws-sam-translator, creates its resources (`Deployer`),
registers every function with the in-process Lambda runtime and serves the Chalice API. It sets
`AWS_ENDPOINT_URL`, `MOTO_PORT`, dummy credentials, the region and the functions' shared environment
in `os.environ` (restored by `stop()`), so boto3 clients of this process and of the handlers reach the
emulator with no code of their own.
"""

import json
import logging
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from tapeless_local.stack import moto_patches
from tapeless_local.stack.api_server import LocalApiServer, api_function_logical_id
from tapeless_local.stack.batch_runner import BatchSubprocessRunner
from tapeless_local.stack.cognito_users import create_user
from tapeless_local.stack.deployer import Deployer, Deployment, placeholder_zip
from tapeless_local.stack.lambda_runtime import FunctionCode, InProcessLambdaRuntime, shared_environment
from tapeless_local.stack.template import load_template, translate

REPO_ROOT = Path(__file__).resolve().parents[3]
ACCOUNT_ID = "123456789012"  # moto's default account
_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}


@dataclass
class StackConfig:
    """Where the stack listens and what it deploys. Port 0 picks a free port."""

    repo_root: Path = REPO_ROOT
    template: Path | None = None
    host: str = "127.0.0.1"
    port: int = 4566
    api_port: int | None = 8000
    region: str = "us-east-1"
    stack_name: str = "tapeless-local"
    parameters: dict[str, Any] = field(default_factory=lambda: {"Stage": "local"})
    time_scale: float = field(default_factory=lambda: float(os.environ.get(moto_patches.TIME_SCALE_VARIABLE, "1.0")))

    @property
    def template_path(self) -> Path:
        return self.template or self.repo_root / "template.yaml"


class PortInUse(RuntimeError):
    """A port the stack must listen on is taken (another `tapeless local up`?)."""


def _ensure_port_is_free(host: str, port: int | None) -> None:
    # moto's server thread would die silently on a taken port and leave start() waiting forever.
    if not port:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortInUse(f"{host}:{port} is in use ({exc.strerror}); stop what listens there or pick another port") from exc


class LocalStack:
    """Start/stop the embedded stack; exposes `outputs`, `endpoint_url`, `api_url` and clients."""

    def __init__(self, config: StackConfig | None = None, *, on_progress: Callable[[str], None] | None = None):
        self.config = config or StackConfig()
        self._on_progress = on_progress or (lambda message: None)
        self._session = boto3.session.Session()
        self._clients: dict[str, Any] = {}
        self._clients_lock = threading.Lock()
        self.runtime = InProcessLambdaRuntime()
        self.sam_template: dict[str, Any] = {}
        self.deployment: Deployment | None = None
        self.outputs: dict[str, Any] = {}
        self.startup_s: float | None = None
        self._server: ThreadedMotoServer | None = None
        self._api: LocalApiServer | None = None
        self._saved_environ: dict[str, str] | None = None
        self.endpoint_url = ""

    def __enter__(self) -> "LocalStack":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def client(self, service: str) -> Any:
        """A boto3 client of the emulator, made once per service (boto3 clients are thread-safe)."""
        with self._clients_lock:
            if service not in self._clients:
                self._clients[service] = self._session.client(
                    service, endpoint_url=self.endpoint_url, region_name=self.config.region
                )
            return self._clients[service]

    @property
    def api_url(self) -> str | None:
        return self._api.url if self._api else None

    def physical_id(self, logical_id: str) -> Any:
        """The `Ref` value of a template resource (bucket/table/function name, state machine ARN...)."""
        assert self.deployment is not None, "start() the stack first"
        return self.deployment.names.ref(logical_id)

    def start(self) -> None:
        """Start everything; on failure, whatever had started is stopped again before the error propagates."""
        started = time.perf_counter()
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        self.startup_s = time.perf_counter() - started
        self._on_progress(f"stack up in {self.startup_s:.2f} s")

    def _start(self) -> None:
        config = self.config
        for port in (config.port, config.api_port):
            _ensure_port_is_free(config.host, port)
        moto_patches.install(
            lambda_invoker=self.runtime.invoke,
            batch_job_runner=BatchSubprocessRunner(cwd=config.repo_root).run,
            scale=config.time_scale,
        )
        # The emulator's request log would drown the stack's own output.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._saved_environ = dict(os.environ)
        os.environ.update({**_CREDENTIALS, "AWS_DEFAULT_REGION": config.region, "AWS_REGION": config.region})
        self._server = ThreadedMotoServer(ip_address=config.host, port=config.port, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        os.environ.update({"MOTO_PORT": str(port), "AWS_ENDPOINT_URL": self.endpoint_url})
        self._post("/moto-api/config", {"stepfunctions": {"execute_state_machine": True}})
        self._on_progress(f"emulator listening on {self.endpoint_url} (Step Functions execution on)")
        self._deploy()
        self._start_api()
        self.outputs = {
            **self.deployment.outputs,
            "EndpointUrl": self.endpoint_url,
            "Region": config.region,
            "ApiUrl": self.api_url,
        }

    def stop(self) -> None:
        if self._api is not None:
            self._api.stop()
            self._api = None
        if self._server is not None:
            # moto's backends are process-wide: wipe them so a later stack in this process starts empty.
            self._post("/moto-api/reset", {})
            self._server.stop()
            self._server = None
        self.runtime.unload_all()
        self._clients.clear()
        if self._saved_environ is not None:
            os.environ.clear()
            os.environ.update(self._saved_environ)
            self._saved_environ = None

    def add_function(
        self, function_name: str, code_dir: Path, handler: str = "app.lambda_handler", **environment: str
    ) -> str:
        """Create one more in-process function (e.g. a test's own) outside the template; returns its ARN."""
        role = self.client("iam").create_role(
            RoleName=f"{function_name}-role"[:64], AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17"})
        )["Role"]["Arn"]
        created = self.client("lambda").create_function(
            FunctionName=function_name,
            Runtime="python3.11",
            Role=role,
            Handler=handler,
            Code={"ZipFile": placeholder_zip()},
            Environment={"Variables": environment},
        )
        self.runtime.register(FunctionCode(function_name, code_dir, handler, environment))
        return created["FunctionArn"]

    def create_state_machine(self, name: str, definition: dict[str, Any]) -> str:
        """Create one more state machine (e.g. a test's own) outside the template; returns its ARN."""
        return self.client("stepfunctions").create_state_machine(
            name=name, definition=json.dumps(definition), roleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/{name}"[:100]
        )["stateMachineArn"]

    def create_user(
        self, username: str, password: str, groups: tuple[str, ...] = ("user",), *, email: str | None = None
    ) -> dict[str, str]:
        """A confirmed user of the template's user pool, signed in: returns its tokens."""
        return create_user(
            self.client("cognito-idp"),
            user_pool_id=self.outputs["UserPoolId"],
            client_id=self.outputs["UserPoolClientId"],
            username=username,
            password=password,
            groups=groups,
            email=email,
        )

    def _post(self, path: str, body: dict[str, Any]) -> None:
        request = urllib.request.Request(
            self.endpoint_url + path, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def _deploy(self) -> None:
        config = self.config
        self.sam_template = load_template(config.template_path)
        cfn = translate(self.sam_template, config.repo_root, config.parameters, config.region)
        deployer = Deployer(
            client=self.client,
            repo_root=config.repo_root,
            stack_name=config.stack_name,
            region=config.region,
            account_id=ACCOUNT_ID,
        )
        self._on_progress(f"template transformed: {len(cfn.get('Resources', {}))} CloudFormation resources")
        self.deployment = deployer.deploy(cfn, config.parameters)
        skipped = ", ".join(sorted(set(self.deployment.skipped.values())))
        self._on_progress(
            f"deployed {len(self.deployment.functions)} functions and their resources; not emulated: {skipped or 'none'}"
        )
        for function in self.deployment.functions:
            self.runtime.register(function)
        os.environ.update(shared_environment(self.deployment.functions))

    def _start_api(self) -> None:
        logical_id = api_function_logical_id(self.sam_template)
        if self.config.api_port is None or logical_id is None:
            return
        function_name = self.deployment.names.ref(logical_id)
        function = self.runtime.registered(function_name)
        app_object = self.runtime.handler(function_name)
        self._api = LocalApiServer(
            app_object,
            host=self.config.host,
            port=self.config.api_port,
            timeout_s=function.timeout_s,
            memory_mb=function.memory_mb,
            function_name=function_name,
        )
        self._api.start()
        self._on_progress(f"API ({logical_id}) serving on {self._api.url}")
