"""Accounts: organisations and their users, sign-in (with its back-off after failures),
browser sessions and API tokens; who may act, on which organisation's behalf.
"""
