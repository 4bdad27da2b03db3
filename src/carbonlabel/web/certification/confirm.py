"""Irreversible steps asked twice, without JavaScript: the form carries a required "I confirm"
box, and the server refuses the step (422, the page again with the reason) when it is not
ticked — withdrawing or refusing a case, withdrawing or cancelling a certificate."""

from __future__ import annotations

from carbonlabel.domain.certification.certificate import CertificateAction
from carbonlabel.domain.certification.states import CaseAction
from carbonlabel.errors import InputError
from carbonlabel.web.pages.rendering import N_, both

FIELD = "confirm"
IRREVERSIBLE: frozenset[str] = frozenset({
    CaseAction.WITHDRAW, CaseAction.REFUSE, CertificateAction.WITHDRAW,
    CertificateAction.CANCEL})


def check_confirmed(action: str, confirm: str) -> None:
    """Refuse an irreversible step whose "I confirm" box was not ticked."""
    if action in IRREVERSIBLE and confirm != "yes":
        raise InputError(field=FIELD, **both(N_(
            "This cannot be undone: tick \u201cI confirm\u201d to go ahead.")))
