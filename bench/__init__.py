"""Benchmarks: fill PostgreSQL with many tasks and measure the API against the floor.

`python -m bench.generate` writes the data, `python -m bench.run` measures; `make bench`
and `make bench-smoke` run both (docs/performance.md).
"""
