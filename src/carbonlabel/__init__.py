"""carbonlabel: product carbon footprints, quantified, certified, labelled and verifiable.

The public Python surface is what ``__all__`` names::

    import carbonlabel

    model = carbonlabel.load_model("portland_cement.yaml")  # checked whole, or raises
    result = carbonlabel.quantify(model)                    # a FootprintResult
    print(result.total_co2e_kg)                             # kg CO2e per declared unit

Errors are :class:`carbonlabel.errors.CarbonlabelError` (a model's problems all at once in a
``ModelValidationError``, each with its field and line). ``import carbonlabel`` stays cheap
(the command line imports it): each function imports its machinery when first called.
"""

from carbonlabel.library import load_model, quantify, read_database
from carbonlabel.version import ENGINE_VERSION, __version__

__all__ = ["ENGINE_VERSION", "__version__", "load_model", "quantify", "read_database"]
