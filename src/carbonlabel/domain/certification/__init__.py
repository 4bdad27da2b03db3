"""Certification of product carbon footprints (ISO/IEC 17065; CNCA trial rules, 2025)."""
