"""The jurisdiction walk's registry (tests/api/test_jurisdiction_isolation.py): the seeders that
put the Guangdong world's regulator records in place (tenant A of tests/api/conftest.py, region
CN-GD, with its certification body) and the path parameters they fill. A part of the
regulator's journey that adds a route with a new parameter adds its kind to ``GUANGDONG_KINDS``
and, if it needs a new seeder, one line to ``SEEDERS`` (the seeder in its own
``tests/support/supervision_<part>.py``)."""

from __future__ import annotations

from collections.abc import Callable

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.tenancy import User
from tests.api.conftest import World
from tests.support.pilot_evaluation import seed_pilot_with_input
from tests.support.supervision_cases import seed_reports_and_case
from tests.support.supervision_penalties import seed_published_penalty
from tests.support.supervision_spot_checks import seed_spot_check

#: a seeder: the Guangdong regulator's records of some kinds, by path-parameter name
Seeder = Callable[[UowFactory, World, User], dict[str, str]]

SEEDERS: tuple[Seeder, ...] = (
    lambda make_uow, world, gd: {"certificate_id": world.a.certified.certificate_id,
                                 "case_id": world.a.certified.case_id},
    lambda make_uow, world, gd: seed_reports_and_case(make_uow, gd, world.a.certified.number),
    lambda make_uow, world, gd: seed_spot_check(make_uow, gd,
                                                world.a.certified.certificate_id),
    lambda make_uow, world, gd: seed_published_penalty(make_uow, gd),
    lambda make_uow, world, gd: seed_pilot_with_input(make_uow, gd),
)

#: every path parameter of the regulator's routes the seeders fill
GUANGDONG_KINDS = frozenset({"certificate_id", "case_id", "alert_id", "report_id",
                             "supervision_case_id", "file_id", "campaign_id", "item_id",
                             "penalty_id", "pilot_id", "task_id", "evidence_id",
                             "input_id"})

#: query parameters that name no record, with a value to send
#: (an empty value: known, not sent — ``state`` filters records of several kinds)
PLAIN_QUERIES: dict[str, str] = {"offset": "0", "limit": "50", "category": "4",
                                 "status": "valid", "state": "", "overdue": "true",
                                 "rule": "value_mismatch", "mine": "false", "format": "csv",
                                 "on": "2026-06-01", "page": "1", "done": "", "verdict": "valid",
                                 "period": "2026", "lang": "zh"}


def guangdong_ids(make_uow: UowFactory, world: World, gd: User) -> dict[str, str]:
    """Every registered kind seeded once in the Guangdong world, by ``gd`` (an admin of a
    Guangdong regulator with a credit code)."""
    ids: dict[str, str] = {}
    for seed in SEEDERS:
        ids.update(seed(make_uow, world, gd))
    assert set(ids) == GUANGDONG_KINDS, set(ids) ^ GUANGDONG_KINDS
    return ids
