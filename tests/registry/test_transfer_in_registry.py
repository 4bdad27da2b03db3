"""After a transfer the registry's verification (the hot path: on PostgreSQL the awaited,
batched lookup) names the current body and the one the certificate came from, and a label
issued before the transfer is still genuine and valid; on each back end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.config import Settings
from carbonlabel.services.certification import labels, transfer
from carbonlabel.web.app import create_app
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)

API = "/api/v1/registry"


def test_a_scan_after_a_transfer_names_both_bodies_and_the_old_label_verifies(
        database_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url,
                        secret_key="registry-test-key-" + "z" * 32, job_processes=False)
    app = create_app(settings)
    make_uow: UowFactory = app.state.uow
    issuing, accepting = seed_body(make_uow), seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, settings.data_dir)
    qualify_and_declare(make_uow, issuing, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, issuing, tenant, footprint)
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, tenant.admin, certificate_id,
                                   LabelKeys(settings.label_keys_dir))
    with make_uow(write=True) as uow:
        asked = transfer.request_transfer(uow, tenant.admin, certificate_id,
                                          accepting.organisation_id)
        transfer.review(uow, accepting.admin, asked.id)
        transfer.accept(uow, accepting.admin, asked.id)
        names = [uow.organisations.get(b.organisation_id) for b in (issuing, accepting)]
    with TestClient(app) as client:
        scanned = client.get(f"{API}/verify/{label.token}").json()
        typed = client.get(f"{API}/verify/code/{label.code}").json()
    app.state.engine.dispose()
    assert scanned["verdict"] == "valid"
    assert scanned["genuine"]
    certificate = scanned["certificate"]
    assert certificate["body"] == names[1].name  # type: ignore[union-attr]
    assert certificate["transferred_from"] == {
        "body": names[0].name, "on": datetime.now(UTC).date().isoformat()}  # type: ignore[union-attr]
    assert typed["certificate"]["transferred_from"] == certificate["transferred_from"]
