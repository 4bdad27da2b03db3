"""carbonlabel: product carbon footprints, quantified, certified, labelled and verifiable."""

__version__ = "0.1.0"
ENGINE_VERSION = __version__

__all__ = ["ENGINE_VERSION", "__version__"]
