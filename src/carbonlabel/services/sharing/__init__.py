"""Sharing: the policy that decides whether a footprint or its inventory may leave its owner
(classifications, release approvals, inventory grants) and the log of every release and
refusal, with the read models of the pages that show them.
"""
