"""Quantify: an organisation's products and model versions, the background databases they
name and the inventories it imports, and the footprints calculated from them (at once or as
background jobs), with the read models of the pages that show them.
"""
