"""Category benchmarks from the registry (public by policy): the benchmark of one comparable
set (product rule release, declared unit, boundary), where a certificate stands in its set,
and up to four certificates side by side.

The candidates are the registry's certificates of the rule (every release) and of the same
product categories; each is judged with its live status today, then split by
:func:`carbonlabel.domain.benchmark.compare` into the comparable set and the rest with reasons.
Below the minimum count the statistics, bands and percentile ranks are withheld (the count is
still given), so that no single product's value can be read off a public statistic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from carbonlabel.adapters.db.benchmark_reads import CertifiedProduct
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.domain.benchmark import (
    Band,
    Benchmark,
    Candidate,
    ComparableKey,
    Comparison,
    Exclusion,
    band,
    benchmark,
    compare,
    exclusion,
    key_of,
    percentile_rank,
    relative_to_median,
    rule_code,
    rule_release,
)
from carbonlabel.domain.certification.certificate import CertificateStatus, effective_status
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.registry.verification import normalise_number

#: how many certificates the compare page sets side by side
MAX_COMPARED = 4


def candidate(c: CertifiedProduct, today: date) -> Candidate:
    valid = effective_status(c.status, c.expires_on, today) is CertificateStatus.VALID
    return Candidate(c.number, c.product_rule_release, c.declared_unit, c.boundary,
                     c.value_co2e_kg, valid)


@dataclass(frozen=True)
class CategoryBenchmark:
    benchmark: Benchmark
    comparison: Comparison
    products: dict[str, CertifiedProduct]  # by certificate number, every candidate

    @property
    def key(self) -> ComparableKey:
        return self.benchmark.key


def _key(rule: str, unit: str, boundary: str) -> ComparableKey:
    release = rule_release(rule.strip()) or ""
    code, at, version = release.partition("@")
    if not code or not at or not version:
        raise InputError(field="product_rule",
                         message_en="give the product rule as code@version",
                         message_zh="请以 编号@版本 的形式给出产品种类规则")
    if not unit.strip():
        raise InputError(field="declared_unit", message_en="give the declared unit",
                         message_zh="请给出声明单位")
    if not boundary.strip():
        raise InputError(field="boundary", message_en="give the system boundary",
                         message_zh="请给出系统边界")
    return ComparableKey(release, unit.strip(), boundary.strip())


def category_benchmark(uow: UnitOfWork, rule: str, unit: str, boundary: str,
                       today: date) -> CategoryBenchmark:
    """The benchmark of the certificates of ``rule`` (code@version), ``unit`` and
    ``boundary`` valid today; the other candidates apart with their reasons."""
    return of_key(uow, _key(rule, unit, boundary), today)


def of_key(uow: UnitOfWork, key: ComparableKey, today: date) -> CategoryBenchmark:
    """The benchmark of ``key``, its comparison and every candidate by number."""
    code = rule_code(key.product_rule) or ""
    found = uow.benchmarks.candidates(code)
    comparison = compare((candidate(c, today) for c in found), key)
    return CategoryBenchmark(benchmark(comparison), comparison, {c.number: c for c in found})


@dataclass(frozen=True)
class Position:
    """Where one certificate stands: its category benchmark (None: it has no product rule,
    so nothing compares with it) and, when the benchmark is shown and the certificate is in
    its comparable set, its band, value ÷ median and percentile rank."""

    product: CertifiedProduct
    category: CategoryBenchmark | None
    excluded: Exclusion | None  # why this certificate is not in its own comparable set
    band: Band | None
    relative: float | None
    percentile: float | None

    @property
    def placed(self) -> bool:
        return self.band is not None


def position_of(uow: UnitOfWork, product: CertifiedProduct, today: date) -> Position:
    own = candidate(product, today)
    key = key_of(own)
    if key is None:
        return Position(product, None, Exclusion.NO_RULE, None, None, None)
    category = of_key(uow, key, today)
    reason = next((r for c, r in category.comparison.excluded if c.number == product.number),
                  None)
    mark = category.benchmark
    if reason is not None or not mark.shown:
        return Position(product, category, reason, None, None, None)
    return Position(product, category, None, band(own.value_co2e_kg, mark),
                    relative_to_median(own.value_co2e_kg, mark),
                    percentile_rank(own.value_co2e_kg, category.comparison))


def _not_found() -> NotFoundError:
    return NotFoundError(field="number", message_en="no certificate has this number",
                         message_zh="没有该编号的证书")


def certificate_position(uow: UnitOfWork, number: str, today: date) -> Position:
    """A registry certificate's place in its category; 404 for an unknown number."""
    found = uow.benchmarks.by_numbers([normalise_number(number)[:60]])
    if not found:
        raise _not_found()
    return position_of(uow, next(iter(found.values())), today)


@dataclass(frozen=True)
class Compared:
    """Certificates side by side: each one's position; ``reasons[number]`` says why it does
    not compare with the first one (None: it compares)."""

    positions: tuple[Position, ...]
    reasons: dict[str, Exclusion | None]

    @property
    def comparable(self) -> bool:
        return all(r is None for r in self.reasons.values())


def compare_certificates(uow: UnitOfWork, numbers: Sequence[str], today: date) -> Compared:
    """Up to :data:`MAX_COMPARED` certificates (a fifth is refused); an unknown number is a
    404. The first one sets the comparable key the others are judged against."""
    wanted = list(dict.fromkeys(normalise_number(n)[:60] for n in numbers if n.strip()))
    if not wanted:
        raise InputError(field="number", message_en="pick at least one certificate",
                         message_zh="请至少选择一张证书")
    if len(wanted) > MAX_COMPARED:
        raise InputError(field="number",
                         message_en=f"at most {MAX_COMPARED} certificates can be compared",
                         message_zh=f"最多可同时比较 {MAX_COMPARED} 张证书")
    found = uow.benchmarks.by_numbers(wanted)
    missing = [n for n in wanted if n not in found]
    if missing:
        raise NotFoundError(field="number", message_en=f"no certificate has the number "
                            f"{missing[0]}", message_zh=f"没有编号为 {missing[0]} 的证书")
    positions = tuple(position_of(uow, found[n], today) for n in wanted)
    first = candidate(positions[0].product, today)
    key = key_of(first)
    reasons: dict[str, Exclusion | None] = {}
    for p in positions:
        c = candidate(p.product, today)
        if key is None:  # the first has no product rule: nothing compares with it
            reasons[c.number] = Exclusion.NO_RULE
        else:
            reasons[c.number] = exclusion(c, key)
    return Compared(positions, reasons)


@dataclass(frozen=True)
class KeyCount:
    """A comparable set in the overview: its key, its category, how many certificates are
    valid in it today (the benchmark shows from the minimum count)."""

    key: ComparableKey
    category: str
    valid: int


def overview(uow: UnitOfWork, today: date) -> list[KeyCount]:
    """Every comparable set that has a valid certificate today, largest first."""
    counts: Counter[tuple[ComparableKey, str]] = Counter()
    for release, unit, boundary, category, status, expires in uow.benchmarks.releases():
        code = rule_release(release)
        if code is None or effective_status(status, expires, today) is not \
                CertificateStatus.VALID:
            continue
        counts[(ComparableKey(code, unit, boundary), category)] += 1
    return [KeyCount(k, cat, n) for (k, cat), n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0].text))]
