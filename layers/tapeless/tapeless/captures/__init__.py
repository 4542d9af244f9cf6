"""The capture lifecycle: create, receive uploads, start the pipeline exactly once, track, finish."""
