"""Columns of an imported inventory and the allocation shares of multi-output datasets.

Options (as openLCA offers them):

* ``data``: the factors the dataset defines, by its default method (else physical, economic,
  causal, in that order of preference); a product without a factor keeps 1, as in openLCA.
  A multi-output dataset without factors falls back to physical, then economic, then
  ``none``; each fallback is noted in the report.
* ``physical``: shares by mass of the product outputs (units convertible to kg, or a mass
  property in the data).
* ``economic``: shares by revenue (amount × price from the data).
* ``none``: the reference product carries the whole burden; co-products are not providers.

Where the chosen basis is missing for a product (no mass, no price) the dataset falls back to
``none`` and the report says so. Causal factors apply per exchange; an exchange without one
takes the product's non-causal share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from carbonlabel.domain.import_report import AllocationNote, LinkReport
from carbonlabel.domain.inventory import (
    AllocationOption,
    DataAllocation,
    FlowKind,
    InventoryDataset,
    InventoryExchange,
    InventoryFlow,
    InventorySource,
)
from carbonlabel.errors import UnitError
from carbonlabel.units import conversion_factor


@dataclass(frozen=True)
class Column:
    dataset: InventoryDataset
    product: InventoryExchange
    is_reference: bool
    share: float = 1.0
    causal: Mapping[int, float] = field(default_factory=dict)  # exchange index → share
    skip: frozenset[int] = frozenset()  # product outputs that are columns of their own

    @property
    def id(self) -> str:
        return self.dataset.id if self.is_reference else (
            f"{self.dataset.id}#{self.product.flow_id}")

    @property
    def label(self) -> str:
        return self.dataset.name if self.is_reference else (
            f"{self.dataset.name} | {self.product.name}")

    def share_of(self, exchange_index: int) -> float:
        return self.causal.get(exchange_index, self.share)


def columns_of(source: InventorySource, allocation: AllocationOption,
               report: LinkReport) -> list[Column]:
    out: list[Column] = []
    flows = source.flows
    for d in source.datasets:
        ref = d.reference
        if ref is None or ref.flow_id not in flows:
            report.skipped_datasets.append(d.name)
            continue
        ref_k = d.exchanges.index(ref)
        coproducts = [k for k, e in enumerate(d.exchanges)
                      if not e.is_input and not e.avoided and not e.is_reference
                      and e.flow_id in flows and flows[e.flow_id].kind is FlowKind.PRODUCT]
        products = [ref_k, *coproducts]
        if not coproducts or allocation is AllocationOption.NONE:
            out.append(Column(d, ref, True, skip=frozenset(coproducts)))
            continue
        shares, causal, _used = _shares(d, products, allocation, flows, report)
        if shares is None:
            out.append(Column(d, ref, True, skip=frozenset(coproducts)))
            continue
        for k in products:
            out.append(Column(d, d.exchanges[k], k == ref_k, shares[k], causal.get(k, {}),
                              frozenset(products)))
    return out


Shares = tuple[dict[int, float] | None, dict[int, dict[int, float]], str]


def _shares(d: InventoryDataset, products: list[int], allocation: AllocationOption,
            flows: Mapping[str, InventoryFlow], report: LinkReport) -> Shares:
    if allocation is AllocationOption.DATA:
        data = _data_shares(d, products)
        if data is not None:
            return data
        order = [AllocationOption.PHYSICAL, AllocationOption.ECONOMIC]
        reason = "the data defines no allocation factors"
    else:
        order = [allocation]
        reason = ""
    for option in order:
        basis = [_basis(d.exchanges[k], flows[d.exchanges[k].flow_id], option)
                 for k in products]
        if all(b is not None for b in basis):
            total = sum(b for b in basis if b is not None)
            if total > 0:
                if allocation is AllocationOption.DATA:
                    report.allocation_notes.append(
                        AllocationNote(d.name, allocation.value, option.value, reason, d.id))
                    report.flag(d.id, "allocation_fallback")
                return ({k: (b or 0.0) / total for k, b in zip(products, basis, strict=True)},
                        {}, option.value)
        missing = "mass" if option is AllocationOption.PHYSICAL else "price"
        reason = (reason + "; " if reason else "") + f"a product has no {missing}"
    report.allocation_notes.append(AllocationNote(d.name, allocation.value, "none", reason,
                                                 d.id))
    report.flag(d.id, "allocation_fallback")
    return None, {}, "none"


def _data_shares(d: InventoryDataset, products: list[int]) -> Shares | None:
    factors = d.allocation_factors
    if not factors:
        return None
    methods = [m for m in (d.default_allocation, DataAllocation.PHYSICAL,
                           DataAllocation.ECONOMIC) if m is not None and m is not
               DataAllocation.CAUSAL]
    by_product: dict[str, float] = {}
    for method in methods:
        by_product = {f.product_id: f.value for f in factors
                      if f.method is method and f.exchange_index is None}
        if by_product:
            break
    # as in openLCA, a product the data gives no factor for keeps a factor of 1
    shares = {k: by_product.get(d.exchanges[k].flow_id, 1.0) for k in products}
    causal: dict[int, dict[int, float]] = {}
    for f in factors:
        if f.method is DataAllocation.CAUSAL and f.exchange_index is not None:
            for k in products:
                if d.exchanges[k].flow_id == f.product_id:
                    causal.setdefault(k, {})[f.exchange_index] = f.value
    if not by_product:
        if not causal:
            return None
        shares = {k: 1.0 / len(products) for k in products}
    return shares, causal, "data"


def _basis(ex: InventoryExchange, flow: InventoryFlow, option: AllocationOption) -> float | None:
    amount = ex.amount * ex.factor if ex.factor is not None else None
    if option is AllocationOption.PHYSICAL:
        try:
            return abs(ex.amount * conversion_factor(ex.unit, "kg", None, "unit"))
        except UnitError:
            pass
        ref_amount = amount if amount is not None else (
            ex.amount if ex.unit == flow.unit else None)
        if ref_amount is None:
            return None
        if "mass_kg" in flow.properties:
            return abs(ref_amount * flow.properties["mass_kg"])
        if flow.units.get("kg"):
            return abs(ref_amount / flow.units["kg"])
        return None
    ref_amount = amount if amount is not None else (ex.amount if ex.unit == flow.unit else None)
    price = ex.price if ex.price is not None else flow.properties.get("price")
    if ref_amount is None or price is None:
        return None
    return abs(ref_amount * price)
