"""Platform: the operator's care of the installation as a whole; the audit log's
verification, the rotation of the data keys, and the demo data for a first look.
"""
