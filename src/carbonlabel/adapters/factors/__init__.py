"""adapters/factors."""
