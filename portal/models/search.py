"""The blind index: keyed digests of a case's phone number and name words (portal/blind_index.py).

Written in the same transaction as the case's phone number or name (services/search_index.py), never read back
into anything but a comparison: a digest cannot be turned into the term it came from.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class SearchToken(Base):
    __tablename__ = "search_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    kind: Mapped[str] = mapped_column(String(10))  # rules/search_terms.SearchKind
    key_id: Mapped[str] = mapped_column(String(8))  # which BLIND_INDEX_KEYS key wrote it (rotation)
    digest: Mapped[str] = mapped_column(String(64))

    # A search is one look-up by digest; the case id is in the index, so the table itself is not read.
    __table_args__ = (Index("ix_search_token_digest", "digest", "aanmelding_id"),)
