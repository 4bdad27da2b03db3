"""Use cases of improvement: plans tracked with restated reductions, and claims."""
