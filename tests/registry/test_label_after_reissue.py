"""A label printed before a re-issue changed the certified value stays genuine: it states the
value of an earlier revision of the same certificate, and the verification (the hot path:
on PostgreSQL the awaited, batched lookup) says so beside the value now certified; a label
stating a value the certificate never had is still not genuine. On each back end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.config import Settings
from carbonlabel.domain.certification.changes import ChangeAction, ChangeKind
from carbonlabel.domain.certification.label import split_token
from carbonlabel.domain.certification.registry import signed_facts_match
from carbonlabel.services.certification import changes, labels
from carbonlabel.web.app import create_app
from tests.support.changes import certified, new_model_version

API = "/api/v1/registry"


def test_a_label_of_an_earlier_revision_verifies_with_the_value_now_certified(
        database_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url,
                        secret_key="registry-test-key-" + "r" * 32, job_processes=False)
    app = create_app(settings)
    make_uow: UowFactory = app.state.uow
    data_dir = settings.data_dir
    made = certified(make_uow, data_dir)
    with make_uow(write=True) as uow:
        old_label = labels.issue_label(uow, made.holder.admin, made.certificate.id,
                                       LabelKeys(settings.label_keys_dir))
    footprint = new_model_version(make_uow, data_dir, made, cells_kg=430)
    auditor = made.body.auditors[0]
    with make_uow(write=True) as uow:
        change = changes.request_change(uow, made.holder.analyst, made.certificate.id,
                                        changes.ChangeRequest(ChangeKind.REISSUE,
                                                              "电芯减重 / lighter cells",
                                                              footprint.id))
    with make_uow(write=True) as uow:
        changes.start_evaluation(uow, auditor, change.id)
    with make_uow(write=True) as uow:
        changes.record_evaluation(uow, auditor, change.id, "复算一致 / re-run agrees",
                                  data_dir, data_dir / "databases")
    with make_uow(write=True) as uow:
        changes.decide(uow, made.body.decider, change.id, ChangeAction.APPROVE,
                       "符合要求 / conforms")
    with make_uow() as uow:
        now = uow.certificates.get(made.certificate.id)
        entry = uow.registry.entry(made.certificate.number)
    assert now is not None
    assert entry is not None
    assert now.certified_value != made.certificate.certified_value  # the value changed
    assert entry.earlier_facts == ((made.certificate.certified_value,
                                    made.certificate.certified_unit),)

    with TestClient(app) as client:
        scanned = client.get(f"{API}/verify/{old_label.token}").json()
        page = client.get(f"/v/{old_label.token}?lang=en").text
    app.state.engine.dispose()

    assert (scanned["verdict"], scanned["genuine"]) == ("valid", True)
    assert scanned["states_earlier_revision"]
    assert scanned["signed"]["value"] == made.certificate.certified_value
    assert scanned["certificate"]["value"] == now.certified_value
    assert 'id="earlier-revision"' in page
    assert f"the certificate now states {now.certified_value}" in page

    split = split_token(old_label.token)
    assert split is not None
    payload = split[0]
    never = replace(payload, value="1.234")  # a value the certificate never had
    assert not signed_facts_match(never, entry)
    wrong_unit = replace(payload, unit="kg CO2e / kWh")
    assert not signed_facts_match(wrong_unit, entry)
