"""Start-up and round-trip times of the embedded local stack (moto + template.yaml + in-process handlers).

    python bench/stack.py [--runs 3]

Each run is a fresh Python process (cold imports), which starts the stack on free ports, runs a
Pass-only execution, a Lambda-task execution with one retried named error, and a Batch
`submitJob.sync` execution, then stops. Prints the median and worst of each. No asserts: a measurement.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO_ROOT = Path(__file__).resolve().parents[1]

ONE_RUN = r"""
import json, sys, time, uuid
from pathlib import Path
t0 = time.perf_counter()
from tapeless_local.stack import LocalStack, StackConfig
from tapeless_local.stack.executions import run_execution
imported = time.perf_counter()
stack = LocalStack(StackConfig(port=0, api_port=0, time_scale=0.01))
stack.start()
started = time.perf_counter()
sfn = stack.client("stepfunctions")
passing = stack.create_state_machine("bench-pass", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
t = time.perf_counter(); run_execution(sfn, passing, {}); pass_s = time.perf_counter() - t
flaky = stack.add_function("bench-flaky", Path("tests/integration/stack_functions/flaky"), FAIL_TIMES="1")
retry = [{"ErrorEquals": ["TransientError"], "IntervalSeconds": 1, "MaxAttempts": 2}]
tasks = stack.create_state_machine("bench-task", {"StartAt": "T", "States": {"T": {
    "Type": "Task", "Resource": flaky, "Retry": retry, "End": True}}})
t = time.perf_counter(); run_execution(sfn, tasks, {"key": "k"}); task_s = time.perf_counter() - t
batch, iam = stack.client("batch"), stack.client("iam")
role = iam.create_role(RoleName="bench-batch", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
ce = batch.create_compute_environment(computeEnvironmentName="bench-ce", type="UNMANAGED", serviceRole=role)
queue = batch.create_job_queue(jobQueueName="bench-queue", state="ENABLED", priority=1, computeEnvironmentOrder=[
    {"order": 1, "computeEnvironment": ce["computeEnvironmentArn"]}])["jobQueueArn"]
job = batch.register_job_definition(jobDefinitionName="bench-job", type="container", containerProperties={
    "image": "x", "command": ["python", "-c", "print(1)"], "vcpus": 1, "memory": 128})["jobDefinitionArn"]
sync = stack.create_state_machine("bench-batch", {"StartAt": "B", "States": {"B": {
    "Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync",
    "Parameters": {"JobName": "bench-job", "JobQueue": queue, "JobDefinition": job}, "End": True}}})
t = time.perf_counter(); result = run_execution(sfn, sync, {}); batch_s = time.perf_counter() - t
assert result.status == "SUCCEEDED", result
t = time.perf_counter(); stack.stop(); stop_s = time.perf_counter() - t
print(json.dumps({"import_s": imported - t0, "start_s": stack.startup_s, "pass_execution_s": pass_s,
                  "task_with_retry_s": task_s, "batch_sync_s": batch_s, "stop_s": stop_s}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to time (default 3)")
    args = parser.parse_args(argv)
    runs = []
    for _ in range(args.runs):
        done = subprocess.run([sys.executable, "-c", ONE_RUN], cwd=REPO_ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return done.returncode
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    table = Table(title=f"embedded local stack, {args.runs} cold runs (time scale 0.01)")
    table.add_column("step")
    table.add_column("median s", justify="right")
    table.add_column("worst s", justify="right")
    for key in runs[0]:
        values = [run[key] for run in runs]
        table.add_row(key, f"{statistics.median(values):.3f}", f"{max(values):.3f}")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
