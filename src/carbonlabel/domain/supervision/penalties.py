"""Administrative penalty records (行政处罚信息) for the credit publicity system (双公示).

A record holds the 28 fields of the template (domain/supervision/penalty_template.py) and its
life: draft → reviewed (confidentiality checked, trade secrets and personal information
redacted, by another person than the recorder) → published → expired, withdrawn or repaired.

Rules (research notes §1.1; 《市场监督管理行政处罚信息公示规定》, 2021):

- a penalty that is only a warning (警告) is not published unless a law says otherwise
  (Art. 2): it is refused for publication unless flagged ``law_requires_publicity``;
- identity document numbers (personal data) are never published;
- the publicity period follows the publicity class, :func:`publicity_end` (one place);
- amounts are 万元 as exact decimals with at most 6 places (one yuan is 0.0001 万元).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from carbonlabel.domain.organisation_identity import credit_code_problem
from carbonlabel.errors import InputError, WorkflowError


class PartyKind(StrEnum):
    ORGANISATION = "organisation"
    INDIVIDUAL_BUSINESS = "individual_business"
    NATURAL_PERSON = "natural_person"


PARTY_KIND_NAMES: dict[PartyKind, tuple[str, str]] = {
    PartyKind.ORGANISATION: ("法人及非法人组织", "legal person or unincorporated organisation"),
    PartyKind.INDIVIDUAL_BUSINESS: ("个体工商户", "individual business"),
    PartyKind.NATURAL_PERSON: ("自然人", "natural person"),
}


class PenaltyClass(StrEnum):
    WARNING = "warning"
    CRITICISM = "criticism"
    FINE = "fine"
    CONFISCATION = "confiscation"
    LICENCE_WITHHELD = "licence_withheld"
    QUALIFICATION_LOWERED = "qualification_lowered"
    LICENCE_REVOKED = "licence_revoked"
    OPERATIONS_RESTRICTED = "operations_restricted"
    PRODUCTION_STOPPED = "production_stopped"
    CLOSED = "closed"
    PRACTICE_RESTRICTED = "practice_restricted"
    DETENTION = "detention"
    OTHER = "other"


CLASS_NAMES: dict[PenaltyClass, tuple[str, str]] = {
    PenaltyClass.WARNING: ("警告", "warning"),
    PenaltyClass.CRITICISM: ("通报批评", "public criticism"),
    PenaltyClass.FINE: ("罚款", "fine"),
    PenaltyClass.CONFISCATION: ("没收违法所得、没收非法财物",
                                "confiscation of illegal gains or property"),
    PenaltyClass.LICENCE_WITHHELD: ("暂扣许可证件", "licence withheld"),
    PenaltyClass.QUALIFICATION_LOWERED: ("降低资质等级", "qualification lowered"),
    PenaltyClass.LICENCE_REVOKED: ("吊销许可证件", "licence revoked"),
    PenaltyClass.OPERATIONS_RESTRICTED: ("限制开展生产经营活动",
                                         "production and business restricted"),
    PenaltyClass.PRODUCTION_STOPPED: ("责令停产停业", "ordered to stop production or business"),
    PenaltyClass.CLOSED: ("责令关闭", "ordered to close"),
    PenaltyClass.PRACTICE_RESTRICTED: ("限制从业", "barred from practice"),
    PenaltyClass.DETENTION: ("行政拘留", "administrative detention"),
    PenaltyClass.OTHER: ("其他", "other"),
}

#: classes that restrict the party for a period: the "serious" publicity class
RESTRICTING: frozenset[PenaltyClass] = frozenset({
    PenaltyClass.LICENCE_REVOKED, PenaltyClass.OPERATIONS_RESTRICTED,
    PenaltyClass.PRODUCTION_STOPPED, PenaltyClass.CLOSED, PenaltyClass.PRACTICE_RESTRICTED})
#: classes a minor case may have (通报批评 or a low fine)
MINOR_CLASSES: frozenset[PenaltyClass] = frozenset({
    PenaltyClass.WARNING, PenaltyClass.CRITICISM, PenaltyClass.FINE})


class ViolationType(StrEnum):
    """违法行为类型 of PCF labels (research notes §1.3 [P])."""

    FORGED_MARK = "forged_mark"
    FRAUDULENT_USE = "fraudulent_use"
    INVALID_CERTIFICATE = "invalid_certificate"
    FALSE_CLAIM = "false_claim"


VIOLATION_NAMES: dict[ViolationType, tuple[str, str]] = {
    ViolationType.FORGED_MARK: ("伪造认证标志", "forged certification mark"),
    ViolationType.FRAUDULENT_USE: ("冒用认证证书、认证标志", "fraudulent use of a certificate "
                                                         "or mark"),
    ViolationType.INVALID_CERTIFICATE: ("认证证书失效后继续使用认证标志",
                                        "mark used after the certificate lost validity"),
    ViolationType.FALSE_CLAIM: ("虚假标注或混淆使用（标示值与证书不符）",
                                "false claim or confusing use (value differs from the "
                                "certificate)"),
}


class PublicityClass(StrEnum):
    MINOR = "minor"
    ORDINARY = "ordinary"
    SERIOUS = "serious"


PUBLICITY_CLASS_NAMES: dict[PublicityClass, tuple[str, str]] = {
    PublicityClass.MINOR: ("轻微（通报批评或较低数额罚款）", "minor (criticism or a low fine)"),
    PublicityClass.ORDINARY: ("一般", "ordinary"),
    PublicityClass.SERIOUS: ("严重（限制期限）", "serious (restriction period)"),
}


class PenaltyState(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    PUBLISHED = "published"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    REPAIRED = "repaired"


STATE_NAMES: dict[PenaltyState, tuple[str, str]] = {
    PenaltyState.DRAFT: ("草稿", "draft"),
    PenaltyState.REVIEWED: ("已审核", "reviewed"),
    PenaltyState.PUBLISHED: ("公示中", "published"),
    PenaltyState.EXPIRED: ("公示期满", "publicity ended"),
    PenaltyState.WITHDRAWN: ("已撤回", "withdrawn"),
    PenaltyState.REPAIRED: ("已信用修复", "credit repaired"),
}


class PenaltyAction(StrEnum):
    EDIT = "edit"
    REVIEW = "review"
    PUBLISH = "publish"
    EXPIRE = "expire"
    WITHDRAW = "withdraw"
    REPAIR = "repair"


TRANSITIONS: dict[PenaltyState, dict[PenaltyAction, PenaltyState]] = {
    PenaltyState.DRAFT: {PenaltyAction.EDIT: PenaltyState.DRAFT,
                         PenaltyAction.REVIEW: PenaltyState.REVIEWED,
                         PenaltyAction.WITHDRAW: PenaltyState.WITHDRAWN},
    PenaltyState.REVIEWED: {PenaltyAction.PUBLISH: PenaltyState.PUBLISHED,
                            PenaltyAction.WITHDRAW: PenaltyState.WITHDRAWN},
    PenaltyState.PUBLISHED: {PenaltyAction.EXPIRE: PenaltyState.EXPIRED,
                             PenaltyAction.WITHDRAW: PenaltyState.WITHDRAWN,
                             PenaltyAction.REPAIR: PenaltyState.REPAIRED},
    PenaltyState.EXPIRED: {},
    PenaltyState.WITHDRAWN: {},
    PenaltyState.REPAIRED: {},
}


def apply(state: PenaltyState, action: PenaltyAction) -> PenaltyState:
    """The state after ``action``; WorkflowError (rule ``penalty_transition``) when the table
    has no such step."""
    try:
        return TRANSITIONS[state][action]
    except KeyError:
        raise WorkflowError(rule="penalty_transition", field="state",
                            message_en=f"a {state.value} penalty record does not allow "
                                       f"'{action.value}'",
                            message_zh=f"处罚信息当前为「{STATE_NAMES[state][0]}」，不能执行"
                                       f"「{action.value}」") from None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


#: Publicity periods. 《市场监督管理行政处罚信息公示规定》 (2021) Art. 14 [BK, article
#: number to confirm] and the credit-repair regime (《市场监督管理信用修复管理办法》 [BK]; a
#: third-party explainer was read, research notes §1.1): a minor case (通报批评 or a low fine)
#: 3 months, others 3 years, from the day of publication; a restriction longer than that
#: (停产停业, licence revoked, barred from practice) is published for its actual period.
MINOR_MONTHS = 3
ORDINARY_MONTHS = 36


def publicity_end(kind: PublicityClass, published_on: date,
                  restriction_end: date | None = None) -> date:
    """The last day a record is shown: minor +3 months, ordinary +3 years, serious the end of
    the restriction when later than 3 years."""
    if kind is PublicityClass.MINOR:
        return add_months(published_on, MINOR_MONTHS)
    three_years = add_months(published_on, ORDINARY_MONTHS)
    if kind is PublicityClass.SERIOUS and restriction_end is not None:
        return max(three_years, restriction_end)
    return three_years


def default_publicity_class(classes: frozenset[PenaltyClass]) -> PublicityClass:
    if classes & RESTRICTING:
        return PublicityClass.SERIOUS
    if classes <= {PenaltyClass.WARNING, PenaltyClass.CRITICISM}:
        return PublicityClass.MINOR
    return PublicityClass.ORDINARY


@dataclass(frozen=True)
class Redaction:
    code: str  # the template field's code
    reason: str
    by: str  # reviewer's user id
    at: datetime
    removed_chars: int  # how much text the redaction took away (the text itself is not kept)


@dataclass(frozen=True)
class PenaltyFields:
    """What a regulator's staff member records (the template's fields that are entered)."""

    party_name: str
    party_kind: PartyKind
    party_region: str  # the party's region: must lie within the regulator's jurisdiction
    decision_number: str
    violation: ViolationType
    facts: str
    legal_basis: str
    classes: frozenset[PenaltyClass]
    content: str
    decided_on: date
    valid_until: date
    credit_code: str = ""
    registration_number: str = ""
    organisation_code: str = ""
    tax_number: str = ""
    institution_number: str = ""
    social_org_number: str = ""
    legal_representative: str = ""
    id_type: str = ""
    id_number: str = ""
    fine: Decimal | None = None
    confiscated: Decimal | None = None
    licence: str = ""
    note: str = ""
    publicity_class: PublicityClass | None = None  # None: from the classes
    restriction_end: date | None = None
    law_requires_publicity: bool = False  # a warning-only record may then be published
    case_id: str = ""
    certificate_number: str = ""
    alert_id: str = ""


@dataclass(frozen=True)
class Penalty:
    id: str
    regulator_id: str  # the deciding regulator organisation
    state: PenaltyState
    fields: PenaltyFields
    publicity_class: PublicityClass
    authority: str  # 处罚机关, also 数据来源单位
    authority_code: str
    recorded_by: str
    recorded_at: datetime
    edited_by: str
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    published_at: datetime | None = None
    publicity_start: date | None = None
    publicity_end: date | None = None
    closed_at: datetime | None = None
    closing_note: str = ""  # why it was withdrawn or repaired
    redactions: tuple[Redaction, ...] = field(default=())

    @property
    def source(self) -> str:
        return self.authority

    @property
    def source_code(self) -> str:
        return self.authority_code

    def value(self, attr: str) -> object:
        """A template field's value, by its attribute name."""
        if hasattr(self.fields, attr):
            return getattr(self.fields, attr)
        return getattr(self, attr)

    def shown_on(self, day: date) -> bool:
        """Public on ``day``: published and within its publicity period."""
        return (self.state is PenaltyState.PUBLISHED and self.publicity_start is not None
                and self.publicity_end is not None
                and self.publicity_start <= day <= self.publicity_end)


MAX_TEXT = 4000
#: the dates a record may carry (a publicity period must still fit in the calendar after them)
FIRST_DAY, LAST_DAY = date(1949, 10, 1), date(2199, 12, 31)


def _problem(field_name: str, zh: str, en: str) -> InputError:
    return InputError(field=field_name, message_zh=zh, message_en=en)


def check_fields(f: PenaltyFields) -> PenaltyFields:
    """The record's fields checked (InputError naming the first wrong field); the publicity
    class resolved from the classes when not given."""
    mandatory = {"party_name": ("行政相对人名称", "party name"),
                 "decision_number": ("行政处罚决定书文号", "decision number"),
                 "facts": ("违法事实", "facts"), "legal_basis": ("处罚依据", "legal basis"),
                 "content": ("处罚内容", "penalty content"),
                 "party_region": ("行政相对人所在地区", "party's region")}
    for name, (zh, en) in mandatory.items():
        if not str(getattr(f, name)).strip():
            raise _problem(name, f"请填写{zh}", f"the {en} is required")
    for name in ("facts", "legal_basis", "content", "note", "licence"):
        if len(getattr(f, name)) > MAX_TEXT:
            raise _problem(name, "内容过长", "the text is too long")
    f = PenaltyFields(**{**f.__dict__, "credit_code": f.credit_code.strip().upper(),
                         "party_region": f.party_region.strip().upper()})
    if not f.classes:
        raise _problem("classes", "请选择处罚类别", "choose at least one penalty class")
    if f.credit_code:
        problem = credit_code_problem(f.credit_code)
        if problem is not None:
            raise _problem("credit_code", *problem)
    elif f.party_kind is not PartyKind.NATURAL_PERSON:
        raise _problem("credit_code", "法人、非法人组织和个体工商户须填写统一社会信用代码",
                       "an organisation or individual business needs its credit code")
    if f.party_kind is PartyKind.NATURAL_PERSON and f.credit_code:
        raise _problem("credit_code", "自然人不填写统一社会信用代码",
                       "a natural person has no unified social credit code")
    if PenaltyClass.FINE in f.classes and not f.fine:
        raise _problem("fine", "处罚类别含罚款时须填写罚款金额（万元）",
                       "a fine needs its amount (10,000 yuan)")
    if f.fine and PenaltyClass.FINE not in f.classes:
        raise _problem("fine", "未选择罚款类别，不应填写罚款金额",
                       "a fine amount needs the class 'fine'")
    if f.confiscated and PenaltyClass.CONFISCATION not in f.classes:
        raise _problem("confiscated", "未选择没收类别，不应填写没收金额",
                       "a confiscated amount needs the class 'confiscation'")
    for name in ("decided_on", "valid_until", "restriction_end"):
        day = getattr(f, name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise _problem(name, "日期超出可登记的范围", "the date is out of the range recorded")
    if f.valid_until < f.decided_on:
        raise _problem("valid_until", "处罚有效期不能早于处罚决定日期",
                       "the penalty cannot end before it was decided")
    kind = f.publicity_class or default_publicity_class(f.classes)
    if kind is PublicityClass.MINOR and not f.classes <= MINOR_CLASSES:
        raise _problem("publicity_class", "仅通报批评或较低数额罚款可按轻微公示",
                       "only criticism or a low fine is a minor case")
    if kind is PublicityClass.SERIOUS:
        if not f.classes & RESTRICTING:
            raise _problem("publicity_class", "严重类别须有限制性处罚（停产停业、吊销等）",
                           "a serious case has a restricting class (stop, revoke, ...)")
        if f.restriction_end is None or f.restriction_end < f.decided_on:
            raise _problem("restriction_end", "请填写限制期限的截止日期",
                           "give the day the restriction ends")
    return PenaltyFields(**{**f.__dict__, "publicity_class": kind})


def with_text(f: PenaltyFields, attr: str, text: str) -> PenaltyFields:
    """The fields with one free-text field replaced (a reviewer's redaction)."""
    values: dict[str, object] = dict(f.__dict__)
    values[attr] = text
    return PenaltyFields(**values)  # type: ignore[arg-type]


def check_publication_day(penalty: Penalty, day: date) -> None:
    """Publicity starts on or after the decision, within the recorded range of dates."""
    if not penalty.fields.decided_on <= day <= LAST_DAY:
        raise _problem("on", "公示日期不能早于处罚决定日期", "publicity cannot start before "
                                                          "the decision")


def warning_only(f: PenaltyFields) -> bool:
    return f.classes == frozenset({PenaltyClass.WARNING})


def check_publishable(penalty: Penalty) -> None:
    """A warning alone is not published unless a law requires it (flagged)."""
    if warning_only(penalty.fields) and not penalty.fields.law_requires_publicity:
        raise WorkflowError(rule="warning_only", field="classes",
                            message_zh="仅受到警告的行政处罚不予公示（法律另有规定的除外）",
                            message_en="a penalty that is only a warning is not published "
                                       "unless a law requires it")
