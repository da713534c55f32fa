"""Redelivered updates: the same (bot, update_id) never stores twice or moves the official on."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot import cli
from bot.app import build_service
from bot.config import Config
from bot.profiles import Profile
from bot.storage.models import Answer, Change, ProcessedUpdate, User
from bot.storage.repository import Repository
from bot.storage.retention import prune_processed_updates
from bot.usecases import DraftingService, Reply, UpdateRef
from tests.service.test_service import current
from tests.telegram.official import BURST_TEXTS, Official

USER = 2002
BOT = 4242


def ref(update_id: int, bot_id: int = BOT) -> UpdateRef:
    return UpdateRef(bot_id=bot_id, update_id=update_id)


def answer_once(service: DraftingService, update_id: int, text: str, user: int = USER) -> list[Reply]:
    return service.handle(ref(update_id), lambda: service.answer(user, text))


def stored(service: DraftingService, user: int = USER) -> tuple[dict[str, str | None], int]:
    """The user's answers and how many revisions were ever written."""
    with service.db.transaction() as session:
        user_id = session.scalars(select(User.id).where(User.telegram_id == user)).one()
        answers = dict(session.execute(select(Answer.question_id, Answer.value)).all())
        revisions = session.scalar(select(func.count()).select_from(Change)) or 0
        assert user_id
        return answers, revisions


def test_a_redelivered_answer_is_stored_once_and_does_not_move_on(any_db_config: Config) -> None:
    service = build_service(any_db_config)
    service.handle(ref(1), lambda: service.new(USER, "2021-dangshi"))
    first = answer_once(service, 2, "县人民政府副县长")
    assert first[-1].text.startswith("已保存")
    after_first = stored(service)
    asked = current(service, USER)
    assert asked is not None and asked.id != "author.position"

    again = answer_once(service, 2, "县人民政府副县长")

    # Nothing stored, the official is still at the same question, and is shown it again
    # (the first delivery may have crashed before its reply went out).
    assert stored(service) == after_first
    assert current(service, USER) == asked
    assert len(again) == 1 and "已保存" not in again[0].text
    assert asked.prompt in again[0].text


def test_the_update_id_is_the_key_not_the_text(service: DraftingService) -> None:
    """A retried delivery cannot be answered as the next question, even if it would be valid there."""
    service.handle(ref(10), lambda: service.new(USER, "2021-dangshi"))
    answer_once(service, 11, "县人民政府副县长")
    q = current(service, USER)
    answer_once(service, 11, "王测试")  # same id, other text: still a redelivery
    assert current(service, USER) == q
    assert q is not None and q.id not in stored(service)[0]
    answer_once(service, 12, "王测试")  # a new update with that text is an answer
    assert stored(service)[0][q.id] == "王测试"


def test_update_ids_are_per_bot(service: DraftingService) -> None:
    service.handle(ref(7, bot_id=1), lambda: service.new(USER, "2021-dangshi"))
    replies = service.handle(ref(7, bot_id=2), lambda: service.answer(USER, "县人民政府副县长"))
    assert replies[-1].text.startswith("已保存")


def test_calls_without_an_update_are_never_deduplicated(service: DraftingService) -> None:
    """The terminal front end has no update ids; every line it sends is handled."""
    service.new(USER, "2021-dangshi")
    assert service.answer(USER, "县人民政府副县长")[-1].text.startswith("已保存")
    assert service.answer(USER, "王测试")[-1].text.startswith("已保存")
    with service.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0


def test_a_failed_call_does_not_record_its_update(service: DraftingService, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recorded in the same transaction as the answer: a crash mid-way leaves neither."""
    service.handle(ref(20), lambda: service.new(USER, "2021-dangshi"))
    real = Repository.set_answer

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(Repository, "set_answer", broken)
    with pytest.raises(RuntimeError):
        answer_once(service, 21, "县人民政府副县长")
    monkeypatch.setattr(Repository, "set_answer", real)

    replies = answer_once(service, 21, "县人民政府副县长")  # Telegram delivers it again
    assert replies[-1].text.startswith("已保存")
    assert stored(service)[0]["author.position"] == "县人民政府副县长"


def test_a_late_redelivered_delete_does_not_delete_what_came_after(service: DraftingService) -> None:
    service.handle(ref(30), lambda: service.new(USER, "2021-dangshi"))
    yes = service.delete(USER)[0].buttons[0][0].data
    service.handle(ref(31), lambda: service.press(USER, yes))
    service.handle(ref(32), lambda: service.new(USER, "2021-dangshi"))
    answer_once(service, 33, "县人民政府副县长")
    assert service.handle(ref(31), lambda: service.press(USER, yes)) == []
    assert stored(service)[0] == {"author.position": "县人民政府副县长"}


def test_the_same_update_racing_in_two_threads_is_applied_once(any_db_config: Config) -> None:
    """Two workers handed the same update at the same moment, including a brand-new user."""
    services = [build_service(any_db_config), build_service(any_db_config)]
    def deliver(service: DraftingService, user: int, update_id: int,
                barrier: threading.Barrier, results: list[list[Reply]]) -> None:
        barrier.wait()
        results.append(service.handle(ref(update_id), lambda: service.new(user, "2021-dangshi")))

    for round_ in range(5):
        user = 5000 + round_
        results: list[list[Reply]] = []
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=deliver, args=(s, user, 100 + round_, barrier, results))
                   for s in services]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert len(results) == 2  # neither failed (e.g. on the new user's unique key)
        with services[0].db.transaction() as session:
            users = session.scalars(select(User).where(User.telegram_id == user)).all()
            assert len(users) == 1
            assert len(users[0].drafts) == 1  # the draft was created once
    with services[0].db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 5


def test_old_processed_updates_are_pruned(service: DraftingService) -> None:
    service.handle(ref(40), lambda: service.new(USER, "2021-dangshi"))
    answer_once(service, 41, "县人民政府副县长")
    with service.db.transaction() as session:
        session.execute(update(ProcessedUpdate).where(ProcessedUpdate.update_id == 40)
                        .values(processed_at=datetime.now(UTC) - timedelta(days=31)))
    assert prune_processed_updates(service.db, keep_days=30) == 1
    with service.db.transaction() as session:
        assert session.scalars(select(ProcessedUpdate.update_id)).all() == [41]
    with pytest.raises(ValueError):
        prune_processed_updates(service.db, keep_days=0)


def test_two_answers_at_once_are_serialised_per_user(any_db_config: Config, profile: Profile) -> None:
    """Two different messages of one official handled at the same moment by two workers:
    the user-row lock makes one wait, so each answers its own question and none is lost."""
    services = [build_service(any_db_config), build_service(any_db_config)]
    official = Official(profile)
    services[0].new(USER, "2021-dangshi")
    failures: list[BaseException] = []

    def send(service: DraftingService, text: str, barrier: threading.Barrier) -> None:
        try:
            barrier.wait()
            service.answer(USER, text)
        except BaseException as exc:
            failures.append(exc)

    for _ in range(5):
        while not official.takes_two(BURST_TEXTS[0]):
            step = official.next()
            official.answered(step)
            if step.text == "/skip":
                services[0].skip(USER)
            else:
                services[0].answer(USER, step.text)
        before, _ = stored(services[0])
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=send, args=(service, text, barrier))
                   for service, text in zip(services, BURST_TEXTS, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert failures == []
        after, _ = stored(services[0])
        new = {q: v for q, v in after.items() if q not in before}
        assert sorted(new.values()) == sorted(BURST_TEXTS)  # two questions, one answer each
        official.answers.update(new)


def test_selfreview_prune_updates(config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    service = build_service(config)
    service.handle(ref(50), lambda: service.new(USER, "2021-dangshi"))
    with service.db.transaction() as session:
        session.execute(update(ProcessedUpdate).values(processed_at=datetime.now(UTC) - timedelta(days=8)))
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"database:\n  url: {config.database_url}\n", encoding="utf-8")
    assert cli.main(["--config", str(config_file), "prune-updates", "--days", "0"]) == 2
    assert cli.main(["--config", str(config_file), "prune-updates", "--days", "10"]) == 0
    assert cli.main(["--config", str(config_file), "prune-updates", "--days", "7"]) == 0
    assert capsys.readouterr().out.splitlines() == ["已清理0条10天前的消息处理记录。", "已清理1条7天前的消息处理记录。"]
