"""A product model through the engine: compile it into matrices (``compile``), solve them
(:mod:`carbonlabel.calc.product_system`) and read the breakdowns off the solution
(``results``)."""
