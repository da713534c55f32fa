"""What one typed answer costs the database: the statements of the hot path, on both databases."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from bot.app import build_service
from bot.config import Config
from bot.usecases import UpdateRef
from tests.service.helpers import scripted_answer
from tests.service.test_service import current

USER = 3003


def _statements(engine: Any, work: Any) -> list[str]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


def test_one_answer_reads_user_and_material_at_once_and_writes_claim_and_message_with_it(
        any_db_config: Config) -> None:
    service = build_service(any_db_config)
    service.new(USER, "2021-dangshi")
    assert service.answers(USER) == {}
    question = current(service, USER)
    text = scripted_answer(question)
    update = UpdateRef(bot_id=1, update_id=77)
    statements = _statements(service.db.engine, lambda: service.handle(
        update, lambda: service.answer(USER, text, message_id=501)))
    selects = [s for s in statements if s.startswith("SELECT")]
    # The user (locked) and the open material in one SELECT, then the material's answers.
    assert len(selects) == 2, selects
    assert " JOIN drafts ON drafts.id = users.active_draft_id" in selects[0]
    assert selects[1].startswith("SELECT answers.question_id, answers.value FROM answers")
    if service.db.engine.dialect.name == "postgresql":
        assert selects[0].endswith("FOR NO KEY UPDATE OF users, drafts")
    writes = [s.split(" (")[0].split(" SET")[0] for s in statements if not s.startswith(("SELECT", "BEGIN"))]
    # The claim and the message id go in the answer's own transaction; nothing is flushed by the ORM twice.
    assert writes.count("INSERT INTO processed_updates") == 1
    assert writes.count("INSERT INTO answer_messages") == 1
    assert writes.count("INSERT INTO answers") == 1 and writes.count("UPDATE users") == 1
    assert writes.count("INSERT INTO changes") == 1 and writes.count("INSERT INTO change_values") == 1
    assert len(writes) <= 7, writes  # and the drafts' item order, when the answer starts an item
    assert service.answers(USER) == {question.id: text}


def test_one_plain_answer_walks_the_interview_once(config: Config, monkeypatch: Any) -> None:
    """A detail or example changes no question of the plan: the plan from before the answer is kept
    for the reply, so the engine walks the interview once per update (it used to walk it three times)."""
    from bot.interview.engine import Interview

    service = build_service(config)
    service.new(USER, "2021-dangshi")
    walks: list[int] = []
    real_plan = Interview.plan

    def counted(self: Interview, answers: Any) -> Any:
        walks.append(1)
        return real_plan(self, answers)

    monkeypatch.setattr(Interview, "plan", counted)
    checked = 0
    for update_id in range(1, 40):
        question = current(service, USER)
        text = scripted_answer(question)
        walks.clear()
        service.handle(UpdateRef(bot_id=1, update_id=update_id), lambda text=text: service.answer(USER, text))
        if question.kind.endswith((".detail", ".example")):
            assert len(walks) == 1, (question.id, len(walks))
            checked += 1
        assert question.id in service.answers(USER)
    assert checked >= 5


def test_an_answer_makes_no_orm_session(any_db_config: Config) -> None:
    """The answer's unit of work stays on its connection: no Session is begun for it."""
    from sqlalchemy.orm import Session

    service = build_service(any_db_config)
    service.new(USER, "2021-dangshi")
    question = current(service, USER)
    begun: list[object] = []
    listener = lambda session, transaction, connection: begun.append(session)  # noqa: E731
    event.listen(Session, "after_begin", listener)
    try:
        service.handle(UpdateRef(bot_id=1, update_id=5), lambda: service.answer(USER, scripted_answer(question),
                                                                                 message_id=9))
    finally:
        event.remove(Session, "after_begin", listener)
    assert begun == []
    assert question.id in service.answers(USER)
