"""Shares of a material with a reviewer, and the reviewer's comments.

Queries only; the rules are in bot/usecases/sharing.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.storage.models import Change, Comment, Share
from bot.storage.rows import MaterialRow


class Shares:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, material: MaterialRow, code_hash: str) -> Share:
        share = Share(draft_id=material.id, code_hash=code_hash, created_at=datetime.now(UTC))
        self.session.add(share)
        self.session.flush()
        return share

    def of_material(self, material: MaterialRow) -> list[Share]:
        return list(self.session.scalars(select(Share).where(Share.draft_id == material.id).order_by(Share.id)))

    def of_reviewer(self, reviewer_id: int) -> list[Share]:
        return list(self.session.scalars(select(Share).where(Share.reviewer_id == reviewer_id,
                                                             Share.ended_at.is_(None)).order_by(Share.id)))

    def by_code(self, code_hash: str) -> Share | None:
        return self.session.scalars(select(Share).where(Share.code_hash == code_hash).with_for_update()).first()

    def join(self, share: Share, reviewer_id: int, now: datetime) -> bool:
        """Make this account the share's reviewer; of two entering the same code at once, one wins."""
        result = self.session.execute(
            update(Share).where(Share.id == share.id, Share.reviewer_id.is_(None), Share.joined_at.is_(None))
            .values(reviewer_id=reviewer_id, joined_at=now).execution_options(synchronize_session=False))
        return int(result.rowcount) == 1  # type: ignore[attr-defined]

    def comments(self, material: MaterialRow) -> list[Comment]:
        return list(self.session.scalars(select(Comment).where(Comment.draft_id == material.id).order_by(Comment.id)))

    def comments_of_share(self, share: Share) -> list[Comment]:
        return list(self.session.scalars(select(Comment).where(Comment.share_id == share.id).order_by(Comment.id)))

    def add_comment(self, share: Share, target: str, quote: str | None, body: str) -> Comment:
        comment = Comment(share_id=share.id, draft_id=share.draft_id, target=target, quote=quote, body=body,
                          created_at=datetime.now(UTC))
        self.session.add(comment)
        self.session.flush()
        return comment

    def newest_change(self, material: MaterialRow) -> int:
        return int(self.session.scalar(select(func.max(Change.id)).where(Change.draft_id == material.id)) or 0)
