"""Question sets, metrics, baselines and benchmarks."""
