"""Uncertainty: probability distributions of parameters, vectorised sampling, and summaries of
Monte Carlo results."""
