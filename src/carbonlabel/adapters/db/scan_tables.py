"""Tables of scan analytics: the runs of the scan rules, whose last row is the watermark of
the next run (the scan log's own columns are in certification_tables.ScanRow)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from carbonlabel.adapters.db.base import Base, UtcDateTime


class ScanAnalysisRunRow(Base):
    __tablename__ = "scan_analysis_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: the highest scan id this run read: the next run reads the scans after it
    last_scan_id: Mapped[int] = mapped_column(Integer)
    scans: Mapped[int] = mapped_column(Integer)
    findings: Mapped[int] = mapped_column(Integer)
    raised: Mapped[int] = mapped_column(Integer)
