"""PACT partners of an organisation: registering one, and its credentials for our host.

A partner's PACT client authenticates at our host with an inbound client id and secret made
here (:func:`issue_inbound_credentials`); the secret is shown once and kept only as an argon2
hash. Calls to the partner's own host use the outbound credentials given at registration
(the secret is encrypted at rest by its column type). Each command commits its unit of work.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import cache
from urllib.parse import urlsplit

from babel import Locale

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.outbound import check_url
from carbonlabel.adapters.security import hash_password
from carbonlabel.domain.exchange.records import Partner
from carbonlabel.domain.pact.model import SpecVersion
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.accounts.users import new_id, require

SPEC_VERSIONS = frozenset(v.value for v in SpecVersion)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
CLIENT_ID_PREFIX = "pact_"
#: CLDR territories that are no country (European Union, eurozone, United Nations, unknown)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ"})


@cache
def _countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (CLDR territories, as Babel ships them)."""
    codes = (str(code) for code in Locale("en").territories)
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c.isupper()
                     and c not in _NOT_COUNTRIES)


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in _countries():
        raise InputError(field="country", message_en=f"{value!r} is not an ISO 3166-1 alpha-2 "
                         "country code (e.g. CN, DE)",
                         message_zh=f"{value!r} 不是 ISO 3166-1 二位字母国家代码（如 CN、DE）")
    return code


def _url(value: str | None, field: str, allow_http: bool, allow_private: bool
         ) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip().rstrip("/")
    parts = urlsplit(text)
    # plain HTTP to this machine never crosses a network (a local tester or a TLS proxy);
    # to other hosts only where the deployment allows plain HTTP altogether
    local_http = parts.scheme == "http" and (parts.hostname in LOCAL_HOSTS or allow_http)
    if not parts.hostname or (parts.scheme != "https" and not local_http) \
            or parts.query or parts.fragment:
        raise InputError(field=field, message_en="must be an https:// URL without query "
                         "(http:// only to this machine unless plain HTTP is allowed)",
                         message_zh="必须是不带查询参数的 https:// 地址（http:// 仅限本机，"
                                    "除非允许明文 HTTP）")
    if not allow_private:
        check_url(text, field)  # no loopback, private, link-local or metadata address
    return text


def register_partner(uow: UnitOfWork, actor: User, *, name: str, country: str,
                     spec_version: str, host_url: str | None, auth_url: str | None = None,
                     outbound_client_id: str | None = None,
                     outbound_client_secret: str | None = None,
                     partner_organisation_id: str | None = None,
                     allow_http: bool = False, allow_private: bool = False) -> Partner:
    """A new partner of the actor's organisation (no inbound credentials yet). Its host may
    not be a loopback, private, link-local or metadata address unless ``allow_private``
    (adapters/outbound.py; the send-time check stays)."""
    require(actor, Action.MANAGE_PARTNERS)
    if not name.strip():
        raise InputError(field="name", message_en="the name must not be empty",
                         message_zh="名称不能为空")
    if spec_version not in SPEC_VERSIONS:
        raise InputError(field="spec_version", message_en=f"spec version must be one of "
                         f"{', '.join(sorted(SPEC_VERSIONS))}",
                         message_zh=f"规范版本必须为 {'、'.join(sorted(SPEC_VERSIONS))} 之一")
    if partner_organisation_id is not None and \
            uow.organisations.get(partner_organisation_id) is None:
        raise NotFoundError(field="partner_organisation_id",
                            message_en="no such organisation", message_zh="没有该机构")
    partner = Partner(
        id=new_id(), organisation_id=actor.organisation_id, name=name.strip(),
        country=_country(country), spec_version=spec_version, inbound_client_id=None,
        host_url=_url(host_url, "host_url", allow_http, allow_private),
        auth_url=_url(auth_url, "auth_url", allow_http, allow_private),
        outbound_client_id=(outbound_client_id or "").strip() or None,
        outbound_client_secret=outbound_client_secret or None,
        partner_organisation_id=partner_organisation_id, active=True,
        created_at=datetime.now(UTC))
    uow.partners.add(partner, None)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="partner.registered", entity="partner", entity_id=partner.id,
                     after={"name": partner.name, "country": partner.country,
                            "spec_version": partner.spec_version,
                            "host_url": partner.host_url, "auth_url": partner.auth_url,
                            "outbound_client_id": partner.outbound_client_id,
                            "partner_organisation_id": partner_organisation_id})
    uow.commit()
    return partner


def issue_inbound_credentials(uow: UnitOfWork, actor: User,
                              partner_id: str) -> tuple[str, str]:
    """(client id, secret) with which the partner authenticates at our host. The secret is
    returned only here; issuing again replaces (and so revokes) the previous pair."""
    require(actor, Action.MANAGE_PARTNERS)
    partner = uow.partners.get(actor.organisation_id, partner_id)
    if partner is None:
        raise NotFoundError(field="partner_id", message_en="no such partner",
                            message_zh="没有该合作伙伴")
    client_id = CLIENT_ID_PREFIX + secrets.token_hex(12)
    secret = secrets.token_urlsafe(32)
    uow.partners.set_inbound_secret(partner.id, client_id, hash_password(secret))
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="partner.credentials_issued", entity="partner",
                     entity_id=partner.id,
                     before={"client_id": partner.inbound_client_id},
                     after={"client_id": client_id})
    uow.commit()
    return client_id, secret
