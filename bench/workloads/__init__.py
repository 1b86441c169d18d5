"""Benchmark workloads. Each module defines `WORKLOADS`, a list of `bench.core.Workload`; run.py
finds them by module name (`--workloads eager` loads bench/workloads/eager.py)."""
