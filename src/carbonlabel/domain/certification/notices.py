"""What the holder is told when its certificate is suspended, withdrawn, restored or cancelled,
and what it must do (ISO/IEC 17065 7.11.3, 4.1.3): bilingual, Chinese first."""

from __future__ import annotations

from datetime import date, timedelta

from carbonlabel.domain.certification.certificate import CertificateAction, Scheme


def required_of_holder(action: CertificateAction, effective_on: date,
                       scheme: Scheme) -> tuple[str, str]:
    """(zh, en): what the holder must do from ``effective_on``."""
    if action is CertificateAction.SUSPEND:
        ends = (effective_on + timedelta(days=scheme.max_suspension_days)).isoformat()
        return (f"暂停期间停止使用认证标识，不得宣称产品获证；须在 {ends} 前消除暂停原因"
                "并向认证机构提交证据，否则证书将被撤销。",
                "While suspended, stop using the label and do not claim the product is "
                f"certified; remove the cause and send the evidence to the body by {ends}, or "
                "the certificate will be withdrawn.")
    if action is CertificateAction.WITHDRAW:
        again = (effective_on + timedelta(days=scheme.reapplication_lockout_days)).isoformat()
        return ("立即停止使用证书和认证标识，从产品、包装和宣传材料中去除标识；"
                f"该产品自 {again} 起方可重新申请认证。",
                "Stop using the certificate and the label at once and remove the label from "
                "products, packaging and publicity; a new application for this product is "
                f"possible from {again}.")
    if action is CertificateAction.RESTORE:
        return ("证书已恢复，可以重新使用认证标识。",
                "The certificate is valid again: you may use the label again.")
    return ("证书已注销，停止使用证书和认证标识。",
            "The certificate is cancelled: stop using the certificate and the label.")
