"""Product rules (产品碳足迹核算规则, PCR) as versioned, immutable records; the gaps of a
model against one. The bundled releases are in ``data/`` (provenance: ``data/SOURCES.md``),
read by :mod:`carbonlabel.adapters.product_rules`; :func:`carbonlabel.calc.conformance.validate`
checks a model against a rule."""

from carbonlabel.domain.product_rules.conformance import (
    Conformance,
    Gap,
    RecordedConformance,
    RulePart,
)
from carbonlabel.domain.product_rules.records import (
    AppliedRule,
    DataKind,
    ProductRule,
    ProductRuleRef,
    RuleStatus,
)

__all__ = ["AppliedRule", "Conformance", "DataKind", "Gap", "ProductRule", "ProductRuleRef",
           "RecordedConformance", "RulePart", "RuleStatus"]
