"""Runs AWS Batch jobs of the emulator as local subprocesses instead of Docker containers.

`moto_patches` replaces `moto.batch.models.Job.run` (the job's thread body) with
`BatchSubprocessRunner.run`. The container image is ignored: the job definition's `command` runs on
this machine, with `Ref::name` parameters substituted, `python`/`python3` replaced by this
interpreter, environment = this process's + job definition's + job overrides', in the repository root.
"""

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from moto.batch.models import Job
from moto.batch.utils import JobStatus
from moto.core.utils import unix_time_millis

_POLL_INTERVAL_S = 0.05
_PYTHON_NAMES = ("python", "python3", "python3.11")
_REASON_TAIL_CHARS = 500


class BatchSubprocessRunner:
    """Runs a Batch job's command in a subprocess and records its outcome on the moto job."""

    def __init__(self, cwd: Path, python: str = sys.executable):
        self.cwd = cwd
        self.python = python

    def command_for(self, job: Job) -> list[str]:
        command = job._add_parameters_to_command(job._get_container_property("command", []))
        if command and command[0] in _PYTHON_NAMES:
            command = [self.python, *command[1:]]
        return command

    def environment_for(self, job: Job) -> dict[str, str]:
        job_env = {e["name"]: str(e["value"]) for e in job._get_container_property("environment", [])}
        return {**os.environ, **job_env}

    def run(self, job: Job) -> None:
        """The body of the job's thread: wait for dependencies, run, record exit code and reason."""
        if job.depends_on and not job._wait_for_dependencies():
            return
        job.job_started_at = datetime.now()
        job.status = JobStatus.RUNNING
        job._start_attempt()
        try:
            exit_code, output = self._run_command(job)
        except (OSError, ValueError) as exc:
            job.exit_code, job.job_stopped_reason = 127, f"Cannot start the job's command: {exc}"
            job._mark_stopped(success=False)
            return
        job.exit_code = exit_code
        self._save_logs(job, output)
        if exit_code != 0:
            job.job_stopped_reason = job.job_stopped_reason or (
                f"Command exited with status {exit_code}: {output[-_REASON_TAIL_CHARS:]}"
            )
        job._mark_stopped(success=exit_code == 0)

    def _run_command(self, job: Job) -> tuple[int, str]:
        command = self.command_for(job)
        if not command:
            raise ValueError("the job definition has no command")
        attempt_s = job._get_attempt_duration()
        deadline = time.monotonic() + attempt_s if attempt_s else None
        process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env=self.environment_for(job),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while True:
            try:
                output, _ = process.communicate(timeout=_POLL_INTERVAL_S)
                return process.returncode, output or ""
            except subprocess.TimeoutExpired:
                if job.stop or (deadline is not None and time.monotonic() > deadline):
                    job.job_stopped_reason = job.job_stopped_reason or "Job attempt duration exceeded timeout"
                    process.kill()

    @staticmethod
    def _save_logs(job: Job, output: str) -> None:
        job.log_stream_name = job._stream_name
        job._log_backend.ensure_log_group(job._log_group)
        job._log_backend.ensure_log_stream(job._log_group, job.log_stream_name)
        now_ms = unix_time_millis()
        events: list[dict[str, Any]] = [{"timestamp": now_ms, "message": line} for line in output.splitlines()]
        if events:
            job._log_backend.put_log_events(job._log_group, job.log_stream_name, events)
