"""What the database holds, read directly (not through the service) for security tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.storage.models import Answer, Base, Change, ChangeValue, Invite, Material, User
from bot.usecases import DraftingService


def user_state(service: DraftingService, telegram_id: int) -> dict[str, Any]:
    """Everything stored about one user's drafts: compared before and after an input."""
    with service.db.transaction() as session:
        user = session.scalars(select(User).where(User.telegram_id == telegram_id)).first()
        if user is None:
            return {}
        drafts = session.scalars(select(Material).where(Material.user_id == user.id).order_by(Material.id)).all()
        ids = [d.id for d in drafts]
        return {
            "active_draft": user.active_draft_id,
            "pending_import": user.pending_import,
            "drafts": [(d.id, d.profile_id, d.profile_digest, d.focus, d.focus_part) for d in drafts],
            "answers": {(a.draft_id, a.question_id): a.value for a in session.scalars(
                select(Answer).where(Answer.draft_id.in_(ids)))},
            # Every answer value the change log recorded: (material, stored key, value, kind).
            "changes": [tuple(row) for row in session.execute(
                select(Change.draft_id, ChangeValue.key, ChangeValue.after, Change.kind)
                .join(ChangeValue, ChangeValue.change_id == Change.id)
                .where(Change.draft_id.in_(ids), ~ChangeValue.key.startswith("@")).order_by(ChangeValue.id))],
        }


def answers_of(service: DraftingService, telegram_id: int) -> dict[str, str | None]:
    """The active draft's answers by question id."""
    state = user_state(service, telegram_id)
    return {qid: value for (draft_id, qid), value in state.get("answers", {}).items()
            if draft_id == state["active_draft"]}


def every_row(engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table the application defines (new tables are included automatically)."""
    with engine.connect() as conn:
        return {table.name: {tuple(row) for row in conn.execute(table.select())}
                for table in Base.metadata.sorted_tables}


def invite_holders(engine: Engine) -> list[int | None]:
    """redeemed_by of every invite, used or not."""
    with engine.connect() as conn:
        return [row.redeemed_by for row in conn.execute(select(Invite.redeemed_by).order_by(Invite.id))]
