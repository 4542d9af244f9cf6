"""A taken port stops the stack at once with a clear error (moto's server thread would hang start())."""

import socket

import pytest
from tapeless_local.stack.local_stack import LocalStack, PortInUse, StackConfig


def test_taken_emulator_port_is_reported_before_anything_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        stack = LocalStack(StackConfig(port=port, api_port=None))
        with pytest.raises(PortInUse, match=f"127.0.0.1:{port} is in use"):
            stack.start()
    assert stack.endpoint_url == ""
