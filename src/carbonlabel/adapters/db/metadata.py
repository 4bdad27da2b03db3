"""The complete table metadata: every table module imported, so ``Base.metadata`` holds
every table. Whatever needs the whole schema reads it from here: the Alembic environment,
the migration check (``compare_metadata``) and the search for encrypted columns. A new table
module is added to the imports below.
"""

from __future__ import annotations

from carbonlabel.adapters.db import (
    body_tables,
    certification_rules_tables,
    certification_tables,
    change_tables,
    complaint_tables,
    engagement_tables,
    evaluation_tables,
    evidence_tables,
    exchange_tables,
    improvement_tables,
    penalty_tables,
    pilot_tables,
    procurement_tables,
    product_rule_tables,
    scan_tables,
    spot_check_tables,
    supervision_case_tables,
    supervision_tables,
    system_tables,
    tables,
    transfer_tables,
)
from carbonlabel.adapters.db.base import Base

#: every table module, the core first (the others refer to its organisations and users)
TABLE_MODULES = (tables, certification_tables, body_tables, certification_rules_tables,
                 exchange_tables, complaint_tables, engagement_tables,
                 transfer_tables, change_tables, system_tables, supervision_tables,
                 supervision_case_tables, pilot_tables, penalty_tables,
                 spot_check_tables, scan_tables, product_rule_tables,
                 evaluation_tables, procurement_tables, evidence_tables,
                 improvement_tables)

__all__ = ["TABLE_MODULES", "Base"]
