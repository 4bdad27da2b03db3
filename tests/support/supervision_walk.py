"""The jurisdiction walk's registry (tests/api/test_jurisdiction_isolation.py): for each path
parameter of the regulator's routes, a seeder that puts a record of that kind in the Guangdong
world (tenant A of tests/api/conftest.py, region CN-GD, with its certification body) and returns
its id. A part of the regulator's journey that adds a route with a new parameter adds one line
here, with its seeder in its own ``tests/support/supervision_<part>.py``."""

from __future__ import annotations

from collections.abc import Callable

from carbonlabel.adapters.db.uow import UowFactory
from tests.api.conftest import World

#: kind (the path parameter's name) -> seeder of a Guangdong record of that kind
GUANGDONG_SEEDERS: dict[str, Callable[[UowFactory, World], str]] = {
    "certificate_id": lambda make_uow, world: world.a.certified.certificate_id,
    "case_id": lambda make_uow, world: world.a.certified.case_id,
}

#: query parameters that name no record, with a value to send
PLAIN_QUERIES: dict[str, str] = {"offset": "0", "limit": "50", "category": "4",
                                 "status": "valid", "state": "granted", "overdue": "true"}


def guangdong_ids(make_uow: UowFactory, world: World) -> dict[str, str]:
    """Every registered kind seeded once in the Guangdong world."""
    return {kind: seed(make_uow, world) for kind, seed in GUANGDONG_SEEDERS.items()}
