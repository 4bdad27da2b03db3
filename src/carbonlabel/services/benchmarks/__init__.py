"""Category benchmarks (对标) from the registry, and an enterprise's position and weak links."""
