"""Benchmarks (``make bench``): figures, not pass/fail tests. Results go to docs/benchmarks.md."""
