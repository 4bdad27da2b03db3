"""Improvement (减排改进): reductions restated on one factor set, improvement plans, and the
claims beyond the value ("low-carbon", "reducing") a certification body may grant."""
