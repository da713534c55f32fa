"""The statements every answer and press runs, built once (bot/storage/repository.py runs them).

Building a statement costs more than executing it. Values travel as bind parameters, the times
(created_at, updated_at, processed_at) among them: a statement whose column default is left to
SQLAlchemy runs the slow way (bot/storage/prepared.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.storage.models import Answer, AnswerMessage, Change, ChangeValue, Material, MeasureLink, ProcessedUpdate, User
from bot.storage.rows import MATERIAL_COLUMNS, USER_COLUMNS


def table(model: type[Any]) -> Table:
    """A model's Core table (typed as a plain FromClause by SQLAlchemy's stubs)."""
    found: Table = model.__table__
    return found


ANSWERS, CHANGES, VALUES = table(Answer), table(Change), table(ChangeValue)
USERS, MATERIALS = table(User), table(Material)
USER_FIELDS = [USERS.c[name] for name in USER_COLUMNS]
MATERIAL_FIELDS = [MATERIALS.c[name] for name in MATERIAL_COLUMNS]
USER_ROW = select(*USER_FIELDS).where(USERS.c.telegram_id == bindparam("telegram_id"))
LOCKED_USER_ROW = USER_ROW.with_for_update()
USER_BY_ID = select(*USER_FIELDS).where(USERS.c.id == bindparam("user_id"))
MATERIAL_ROW = select(*MATERIAL_FIELDS).where(MATERIALS.c.id == bindparam("material_id"))
MATERIALS_OF = (select(*MATERIAL_FIELDS).where(MATERIALS.c.user_id == bindparam("user_id"))
                 .order_by(MATERIALS.c.id.desc()))
# The user and the open material in one SELECT (see locked_user_and_material).
# NO KEY UPDATE on PostgreSQL: it still serialises two updates of one official, but does not
# hold up inserts elsewhere whose foreign key merely points at the rows (a reminder's claim).
LOCKED_USER_SQLITE = (select(*USER_FIELDS, *MATERIAL_FIELDS)
                       .select_from(USERS.outerjoin(MATERIALS, MATERIALS.c.id == USERS.c.active_draft_id))
                       .where(USERS.c.telegram_id == bindparam("telegram_id")))
LOCKED_USER_POSTGRESQL = (select(*USER_FIELDS, *MATERIAL_FIELDS)
                           .select_from(USERS.join(MATERIALS, MATERIALS.c.id == USERS.c.active_draft_id))
                           .where(USERS.c.telegram_id == bindparam("telegram_id"))
                           .with_for_update(of=[USERS, MATERIALS], key_share=True))
LINKS = table(MeasureLink)
LINKS_OF = select(LINKS.c.measure, LINKS.c.problem).where(LINKS.c.draft_id == bindparam("draft_id"))
ANSWERS_OF = select(ANSWERS.c.question_id, ANSWERS.c.value).where(ANSWERS.c.draft_id == bindparam("draft_id"))
INSERT_ANSWER = insert(ANSWERS)
UPDATE_ANSWER = update(ANSWERS).where(ANSWERS.c.draft_id == bindparam("b_draft"),
                                        ANSWERS.c.question_id == bindparam("b_key"))
DELETE_ANSWER = delete(ANSWERS).where(ANSWERS.c.draft_id == bindparam("b_draft"),
                                        ANSWERS.c.question_id == bindparam("b_key"))
INSERT_CHANGE = insert(CHANGES).returning(CHANGES.c.id)
INSERT_VALUE = insert(VALUES)
SET_VERSION = update(USERS).where(USERS.c.id == bindparam("b_id")).values(version=bindparam("b_version"))
SET_USER_STATE = update(USERS).where(USERS.c.id == bindparam("b_id")).values(
    version=bindparam("b_version"), last_message_id=bindparam("b_last"), holding=bindparam("b_holding"))
SET_ITEMS = update(MATERIALS).where(MATERIALS.c.id == bindparam("b_id")).values(items=bindparam("b_items"))
SET_FOCUS = update(MATERIALS).where(MATERIALS.c.id == bindparam("b_id")).values(
    focus=bindparam("b_focus"), focus_part=bindparam("b_focus_part"))
# By dialect name (the ON CONFLICT forms differ): the update claim and the answer-message upsert.
UPSERTS: dict[str, tuple[Any, Any]] = {}


def upserts(dialect: str) -> tuple[Any, Any] | None:
    found = UPSERTS.get(dialect)
    if found is None:
        module = {"postgresql": postgresql, "sqlite": sqlite}.get(dialect)
        if module is None:
            return None
        claim = module.insert(table(ProcessedUpdate)).on_conflict_do_nothing().returning(
            table(ProcessedUpdate).c.bot_id)
        message = module.insert(table(AnswerMessage))
        message = message.on_conflict_do_update(
            index_elements=["user_id", "message_id"],
            set_={"draft_id": message.excluded.draft_id, "question_id": message.excluded.question_id,
                  "pending_value": None})
        found = UPSERTS[dialect] = (claim, message)
    return found
