"""Low-carbon procurement: rankings of certified products for procurement agencies and the
criteria they publish (domain/procurement.py)."""
