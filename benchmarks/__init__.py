"""Benchmarks of the `codec` encoders and decoders against raw parsers and peer libraries.

Run from the repository root with ``python -m benchmarks`` (``--help`` for the flags). The
payloads are in `benchmarks.payloads`, the competitors in `benchmarks.peers`, the timing loop,
the table and the targets in `benchmarks.run`.
"""
