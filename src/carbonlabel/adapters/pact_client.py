"""A client of a partner's PACT host system (tech specs v2.3 and v3.0), over HTTP(S).

Authentication: OpenID discovery of the token endpoint at ``{auth base}/.well-known/
openid-configuration`` (falling back to ``{auth base}/auth/token``), then OAuth2 client
credentials with HTTP Basic; the access token is kept until shortly before it expires and
fetched again once if the host answers 401. Lists follow ``Link: <...>; rel="next"`` to the
end (a link to another origin, a link seen before or more than ``max_pages`` pages stop it).
Every footprint received is validated by the PACT parser; anything wrong becomes a
:class:`~carbonlabel.errors.PartnerError` naming the partner, the HTTP status and the
partner's error code, or the index and field of the malformed footprint.

Synchronous on purpose: it runs in worker threads (the event outbox, fetch jobs).
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx

from carbonlabel.adapters.formats.pact import PactFormatError, parse_footprint
from carbonlabel.adapters.formats.pact.common import render_time
from carbonlabel.adapters.outbound import GuardedTransport
from carbonlabel.domain.pact.events import CONTENT_TYPE
from carbonlabel.domain.pact.filters import FootprintQuery
from carbonlabel.domain.pact.model import ExchangeFootprint, SpecVersion
from carbonlabel.errors import FieldError, InputError, PartnerError

DEFAULT_TOKEN_LIFETIME = 3600.0  # seconds, when the host does not say (RFC 6749 §5.1)
REFRESH_MARGIN = 60.0  # fetch a new token this long before the old one expires
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_PAGES = 1000


def events_path(version: SpecVersion) -> str:
    return "/2/events" if version is SpecVersion.V2_3 else "/3/events"


def footprints_path(version: SpecVersion) -> str:
    return "/2/footprints" if version is SpecVersion.V2_3 else "/3/footprints"


def v3_params(query: FootprintQuery) -> list[tuple[str, str]]:
    """The ListFootprints query parameters of a v3 query (repeated parameters are OR-ed)."""
    params: list[tuple[str, str]] = []
    for key, values in (("productId", query.product_ids), ("companyId", query.company_ids),
                        ("geography", query.geographies),
                        ("classification", query.classifications)):
        params.extend((key, v) for v in values)
    for key, moment in (("validOn", query.valid_on), ("validAfter", query.valid_after),
                        ("validBefore", query.valid_before)):
        if moment is not None:
            params.append((key, render_time(moment)))
    params.extend(("status", s.value) for s in query.statuses)
    return params


def v2_filter(query: FootprintQuery) -> str | None:
    """The OData ``$filter`` for what of ``query`` v2 can express (one product id and/or one
    company id: the spec's subset has no ``or``); the rest is checked on arrival."""
    parts = []
    if len(query.product_ids) == 1:
        parts.append(f"productIds/any(productId:(productId eq '{query.product_ids[0]}'))")
    if len(query.company_ids) == 1:
        parts.append(f"companyIds/any(companyId:(companyId eq '{query.company_ids[0]}'))")
    return " and ".join(parts) or None


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _ssl_context(verify: bool | str) -> ssl.SSLContext | bool:
    """A CA bundle path is trusted in addition to the system's CAs (a partner with a private
    CA among partners with public certificates)."""
    if isinstance(verify, str):
        context = ssl.create_default_context()
        context.load_verify_locations(cafile=verify)
        return context
    return verify


class PactClient:
    """One partner's host: ``base_url`` serves /2 and /3, ``auth_base_url`` (default: the
    same) the token endpoint. ``verify`` is True (system CAs), a CA bundle path (trusted
    besides the system CAs) or False. Calls go to public addresses only (checked on the
    resolved address when sent) unless ``allow_private`` (development and tests)."""

    def __init__(self, base_url: str, auth_base_url: str | None, client_id: str,
                 client_secret: str, spec_version: SpecVersion | str,
                 verify: bool | str = True, *, partner_name: str = "", timeout: float = 15.0,
                 allow_http: bool = False, allow_private: bool = False,
                 max_pages: int = MAX_PAGES,
                 keep_alive: bool = True, http: httpx.Client | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth_base_url = (auth_base_url or base_url).rstrip("/")
        self.partner = partner_name or self.base_url
        self.version = SpecVersion(spec_version)
        for url in (self.base_url, self.auth_base_url):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            # plain HTTP to this machine never crosses a network (a local tester or TLS proxy)
            loopback = scheme == "http" and parts.hostname in LOOPBACK_HOSTS
            if scheme != "https" and not loopback and not (allow_http and scheme == "http"):
                raise InputError(field="host_url",
                                 message_en=f"the PACT host of {self.partner} must be an "
                                            f"https:// URL, not {url!r}",
                                 message_zh=f"{self.partner} 的 PACT 主机地址必须是 https:// "
                                            f"地址，而不是 {url!r}")
        self._client_id, self._client_secret = client_id, client_secret
        self._own_http = http is None
        # keep_alive=False for long-lived, rarely used clients: an idle TLS connection
        # would hold up the other side's shutdown (it waits for our close_notify)
        limits = httpx.Limits(max_keepalive_connections=5 if keep_alive else 0)
        # the address guard (adapters/outbound.py) unless private addresses are allowed
        transport = None if allow_private else GuardedTransport(
            verify=_ssl_context(verify), limits=limits)
        self._http = http or httpx.Client(verify=_ssl_context(verify), timeout=timeout,
                                          follow_redirects=False, limits=limits,
                                          transport=transport)
        self._clock = clock
        self._max_pages = max_pages
        self._token_url: str | None = None
        self._token: str | None = None
        self._token_until = 0.0
        self.tokens_fetched = 0

    # --- plumbing -------------------------------------------------------------------------

    def close(self) -> None:
        if self._own_http:
            self._http.close()

    def __enter__(self) -> PactClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _fail(self, what_en: str, what_zh: str, response: httpx.Response | None = None,
              field: str = "") -> PartnerError:
        status = response.status_code if response is not None else None
        code = detail = None
        if response is not None:
            try:
                body = response.json()
            except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
                body = None
            if isinstance(body, Mapping):
                raw_code = body.get("code", body.get("error"))
                raw_detail = body.get("message", body.get("error_description"))
                code = str(raw_code) if raw_code is not None else None
                detail = str(raw_detail)[:300] if raw_detail is not None else None
            elif response.text:
                detail = response.text[:300]
        said_en = "".join([f" HTTP {status}" if status else "",
                           f" {code}" if code else "", f": {detail}" if detail else ""])
        return PartnerError(partner=self.partner, status=status, partner_code=code,
                            field=field,
                            message_en=f"PACT host of {self.partner}: {what_en}{said_en}",
                            message_zh=f"{self.partner} 的 PACT 主机：{what_zh}{said_en}")

    def _send(self, method: str, url: str, what: tuple[str, str], **kwargs: Any
              ) -> httpx.Response:
        try:
            return self._http.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise self._fail(f"{what[0]} timed out", f"{what[1]}超时") from exc
        except httpx.HTTPError as exc:
            raise self._fail(f"{what[0]} failed ({type(exc).__name__}: {exc})",
                             f"{what[1]}失败（{type(exc).__name__}: {exc}）") from exc

    def _json(self, response: httpx.Response, what: tuple[str, str]) -> object:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
            raise self._fail(f"{what[0]}: the answer is not JSON",
                             f"{what[1]}：应答不是 JSON", response) from exc

    # --- authentication -------------------------------------------------------------------

    def token_endpoint(self) -> str:
        """The OpenID-discovered ``token_endpoint``, else ``{auth base}/auth/token``."""
        if self._token_url is None:
            url = f"{self.auth_base_url}/auth/token"
            try:
                r = self._http.get(f"{self.auth_base_url}/.well-known/openid-configuration",
                                   headers={"accept": "application/json"})
                doc = r.json() if r.status_code == 200 else None
            except (httpx.HTTPError, ValueError):
                doc = None  # discovery is optional (SHOULD): fall back
            found = doc.get("token_endpoint") if isinstance(doc, Mapping) else None
            # never downgrade: the discovered endpoint keeps the auth base's scheme
            if isinstance(found, str) and urlsplit(found).netloc \
                    and _origin(found)[0] == _origin(self.auth_base_url)[0]:
                url = found
            self._token_url = url
        return self._token_url

    def token(self) -> str:
        """A valid access token: the kept one, or a new one from the token endpoint."""
        if self._token is not None and self._clock() < self._token_until:
            return self._token
        what = ("authentication", "身份验证")
        r = self._send("POST", self.token_endpoint(), what,
                       data={"grant_type": "client_credentials"},
                       auth=(self._client_id, self._client_secret),
                       headers={"accept": "application/json"})
        if r.status_code != 200:
            raise self._fail("authentication refused", "身份验证被拒绝", r)
        body = self._json(r, what)
        token = body.get("access_token") if isinstance(body, Mapping) else None
        if not isinstance(token, str) or not token:
            raise self._fail("the token answer has no access_token",
                             "令牌应答中没有 access_token", r, field="access_token")
        raw = body.get("expires_in") if isinstance(body, Mapping) else None
        lifetime = float(raw) if isinstance(raw, int | float) and raw > 0 \
            else DEFAULT_TOKEN_LIFETIME
        # refresh ahead of expiry; for very short tokens, halfway through
        self._token_until = self._clock() + max(lifetime - REFRESH_MARGIN, lifetime / 2)
        self._token = token
        self.tokens_fetched += 1
        return token

    def _authorised(self, method: str, url: str, what: tuple[str, str], **kwargs: Any
                    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        for attempt in (1, 2):
            headers["authorization"] = f"Bearer {self.token()}"
            r = self._send(method, url, what, headers=headers, **kwargs)
            if r.status_code != 401 or attempt == 2:
                return r
            self._token = None  # revoked or expired early: one fresh token, then give up
        raise AssertionError("unreachable")

    # --- footprints -----------------------------------------------------------------------

    def _parse(self, doc: object, where: str) -> ExchangeFootprint:
        try:
            return parse_footprint(doc, self.version)
        except PactFormatError as exc:
            errors = tuple(FieldError(f"{where}.{e.field}" if e.field else where, e.code,
                                      e.message_en, e.message_zh, e.line)
                           for e in exc.errors)
            first = errors[0]
            raise PartnerError(
                partner=self.partner, field=first.field, errors=errors,
                message_en=f"PACT host of {self.partner} sent a malformed footprint: "
                           f"{first.field}: {first.message_en}",
                message_zh=f"{self.partner} 的 PACT 主机发送的碳足迹格式有误："
                           f"{first.field}：{first.message_zh}") from exc

    def list_footprints(self, query: FootprintQuery | None = None, *,
                        odata_filter: str | None = None, limit: int | None = None
                        ) -> Iterator[ExchangeFootprint]:
        """Every footprint the host lists for ``query`` (v3 parameters; v2 ``$filter`` as far
        as it goes, the rest filtered here), page after page. ``limit`` = page size."""
        params: list[tuple[str, str]] = []
        if self.version is SpecVersion.V3_0:
            params = v3_params(query) if query else []
        else:
            text = odata_filter or (v2_filter(query) if query else None)
            if text:
                params.append(("$filter", text))
        if limit is not None:
            params.append(("limit", str(limit)))
        url: str | None = f"{self.base_url}{footprints_path(self.version)}"
        seen: set[str] = set()
        page = index = 0
        what = ("listing footprints", "列出碳足迹")
        while url is not None:
            page += 1
            if page > self._max_pages:
                raise self._fail(f"more than {self._max_pages} pages",
                                 f"超过 {self._max_pages} 页")
            seen.add(url)
            r = self._authorised("GET", url, what, params=params if page == 1 else None,
                                 headers={"accept": "application/json"})
            if r.status_code not in (200, 202):
                raise self._fail(what[0] + " refused", what[1] + "被拒绝", r)
            body = self._json(r, what)
            data = body.get("data") if isinstance(body, Mapping) else None
            if not isinstance(data, list):
                raise self._fail("the list answer has no data array",
                                 "列表应答中没有 data 数组", r, field="data")
            for item in data:
                fp = self._parse(item, f"data[{index}]")
                index += 1
                if query is None or query.matches(fp):
                    yield fp
            url = self._next_link(r, seen)

    def _next_link(self, r: httpx.Response, seen: set[str]) -> str | None:
        nxt = r.links.get("next")
        if not nxt or not nxt.get("url"):
            return None
        url = urljoin(str(r.request.url), nxt["url"])
        if _origin(url) != _origin(self.base_url):
            raise self._fail(f"pagination link to another host ({url})",
                             f"分页链接指向其他主机（{url}）", field="Link")
        if url in seen:
            raise self._fail(f"pagination loops back to {url}", f"分页链接循环（{url}）",
                             field="Link")
        return url

    def get_footprint(self, pf_id: str) -> ExchangeFootprint:
        what = (f"getting footprint {pf_id}", f"获取碳足迹 {pf_id}")
        r = self._authorised("GET", f"{self.base_url}{footprints_path(self.version)}/{pf_id}",
                             what, headers={"accept": "application/json"})
        if r.status_code != 200:
            raise self._fail(what[0] + " refused", what[1] + "被拒绝", r)
        body = self._json(r, what)
        data = body.get("data") if isinstance(body, Mapping) else None
        fp = self._parse(data, "data")
        if fp.id != pf_id:
            raise self._fail(f"asked for {pf_id}, got {fp.id}", f"请求 {pf_id}，收到 {fp.id}",
                             r, field="data.id")
        return fp

    # --- events ---------------------------------------------------------------------------

    def events_url(self) -> str:
        return f"{self.base_url}{events_path(self.version)}"

    def send_event(self, event: Mapping[str, object], url: str | None = None) -> None:
        """POST one CloudEvent (structured JSON) to ``url`` (default: the host's events
        endpoint); 2xx is accepted, anything else a PartnerError."""
        target = url or self.events_url()
        if _origin(target) != _origin(self.base_url):
            raise InputError(field="target_url",
                             message_en=f"event target {target} is not on the host of "
                                        f"{self.partner}",
                             message_zh=f"事件目标 {target} 不在 {self.partner} 的主机上")
        what = (f"delivering event {event.get('id')}", f"投递事件 {event.get('id')}")
        body = json.dumps(event, ensure_ascii=False).encode("utf-8")
        r = self._authorised("POST", target, what, content=body,
                             headers={"content-type": CONTENT_TYPE})
        if not 200 <= r.status_code < 300:
            raise self._fail(what[0] + " refused", what[1] + "被拒绝", r)
