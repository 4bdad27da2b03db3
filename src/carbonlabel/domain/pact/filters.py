"""Which footprints a v3 list request (or RequestCreatedEvent) asks for; the v2 ``$filter``.

v3 semantics (ListFootprints query parameters = RequestCreatedEvent criteria): the values of
one criterion are OR-ed, different criteria are AND-ed; an empty criterion matches all.

- ``product_ids``: any of the PCF's productIds; ``company_ids``: any of its companyIds;
- ``geographies``: equal to geographyRegionOrSubregion, geographyCountry or
  geographyCountrySubdivision (exact match: "CN" does not match a PCF of "CN-JS");
- ``classifications``: any of productClassifications (a v2 productCategoryCpc counts as
  ``urn:pact:productclassification:un-cpc:<code>``);
- ``valid_on``: start <= x < end; ``valid_after``: start > x; ``valid_before``: end < x, with the
  validity period of :func:`carbonlabel.domain.pact.model.validity` (default referencePeriodEnd
  .. +3 years);
- ``statuses``: Active / Deprecated (both by default).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote

from carbonlabel.domain.pact.model import ExchangeFootprint, PfStatus, utc, validity
from carbonlabel.domain.pact.odata import parse_odata_filter

__all__ = ["FootprintPredicate", "FootprintQuery", "parse_odata_filter"]

FootprintPredicate = Callable[[ExchangeFootprint], bool]


@dataclass(frozen=True)
class FootprintQuery:
    product_ids: tuple[str, ...] = ()
    company_ids: tuple[str, ...] = ()
    geographies: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    valid_on: datetime | None = None
    valid_after: datetime | None = None
    valid_before: datetime | None = None
    statuses: tuple[PfStatus, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == FootprintQuery()

    def matches(self, fp: ExchangeFootprint) -> bool:
        if self.product_ids and not _ids(self.product_ids) & _ids(fp.product_ids):
            return False
        if self.company_ids and not _ids(self.company_ids) & _ids(fp.company_ids):
            return False
        if self.geographies:
            pcf = fp.pcf
            own = {pcf.geography_region_or_subregion, pcf.geography_country,
                   pcf.geography_country_subdivision} - {None}
            if not own & set(self.geographies):
                return False
        if self.classifications and not (
                _ids(self.classifications) & _ids(fp.classification_urns())):
            return False
        if self.statuses and fp.status not in self.statuses:
            return False
        return self._matches_validity(fp)

    def _matches_validity(self, fp: ExchangeFootprint) -> bool:
        if self.valid_on is None and self.valid_after is None and self.valid_before is None:
            return True
        start, end = (utc(t) for t in validity(fp))
        if self.valid_on is not None and not start <= utc(self.valid_on) < end:
            return False
        if self.valid_after is not None and not start > utc(self.valid_after):
            return False
        return self.valid_before is None or end < utc(self.valid_before)


def _ids(urns: Iterable[str]) -> set[str]:
    """URNs compared percent-decoded: a query string arrives decoded (``%20`` -> space)
    whether or not its sender encoded the URN's own escapes once more."""
    return {unquote(u) for u in urns}
