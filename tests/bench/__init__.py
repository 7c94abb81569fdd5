"""Benchmarks live here (run explicitly, never as part of the test suite)."""
