"""Registry: the public register of certificates; search, a certificate by number, and the
verification of a scanned label or typed number, each scan kept for supervision.
"""
