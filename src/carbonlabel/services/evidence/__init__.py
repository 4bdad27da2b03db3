"""Green-finance evidence: grants of a certificate to a bank, and the signed package it reads."""
