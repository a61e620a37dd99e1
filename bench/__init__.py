"""Benchmarks that print numbers: `python -m bench.run` (or `make bench`)."""
