"""Tooling around Tapeless: the embedded AWS stack and the CLI. Never shipped in the Lambda layer."""
