"""Certification: the certification body's work on a footprint, from application to decision
(cases, their documents and verification), the certificates and labels it issues, their
periodic surveillance, and the read models of the pages that show them.
"""
