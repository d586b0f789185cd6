"""The benchmarks of BENCHMARKS.md: one module per benchmark, run by ``python -m benchmarks``.

Not part of the package or the test suite; nothing here is timed in a unit test.
"""
