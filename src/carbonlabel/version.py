"""The release version, and the engine version stamped on every footprint it calculates.

Modules of the package read them here rather than from the package itself, whose face
(``carbonlabel/__init__.py``) reaches into the services."""

__version__ = "0.1.0"
ENGINE_VERSION = __version__
