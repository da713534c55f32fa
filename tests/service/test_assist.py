"""Drafting help in the service: /check, phrases, measure marks, edited messages, history,
/status gaps, meeting date and reminders, carry-over."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_service
from bot.config import Config, ReminderConfig
from bot.dates import local_today
from bot.storage.models import AnswerMessage, MeasureLink, SentReminder
from bot.storage.repository import Repository
from bot.usecases import DraftingService, Reply
from tests.assist_helpers import age, two_years
from tests.conftest import SAMPLES
from tests.service.test_service import complete_interview, current, draft_text

USER = 1001


def imported(service: DraftingService, sample: str = "answers-2021.yaml", user: int = USER) -> None:
    service.receive_file(user, sample, (SAMPLES / sample).read_bytes())
    service.confirm_import(user, True)


def answers(service: DraftingService, user: int = USER) -> dict[str, str | None]:
    with service.db.transaction() as session:
        return service.scope(session, user).answers


def buttons(reply: Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row]


# ---- /check --------------------------------------------------------------------------


def test_check_quotes_parts_and_draft_carries_one_line(service: DraftingService) -> None:
    imported(service, "review-2021.yaml")
    [report] = service.command(USER, "check")
    assert report.long and report.text.startswith("【审读意见】")
    assert "〔2.0〕（一）开头段写作“区政府副区长”" in report.text
    assert "〔3.2〕（二）问题二：问题“政治敏锐性还有差距”" in report.text
    header = service.draft(USER)[0].text
    assert header.startswith("【草稿】已全部填写")
    assert header.splitlines()[1].startswith("审读：发现") and "职务写法1处" in header
    assert "审读：发现" in service.status(USER)[0].text  # a finished draft shows it under /status too


# ---- phrase help -----------------------------------------------------------------------


def test_phrase_buttons_give_the_title_and_the_official_writes_the_rest(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县农业农村局局长")
    service.skip(USER)
    service.skip(USER)
    reply = service.skip(USER)[0]  # the lead, skipped: now the first problem's title
    assert current(service).id == "themes.1.problems.1.title"
    assert buttons(reply)[:3] == [f"phr:themes.1.problems.1.title:{i}" for i in range(3)]
    assert "可点击下方常见表述作为标题" in reply.text
    assert "已过期" in service.press(USER, "phr:themes.2.problems.1.title:0")[0].text
    assert "已过期" in service.press(USER, "phr:themes.1.problems.1.title:9")[0].text
    reply = service.press(USER, "phr:themes.1.problems.1.title:1")[0]
    assert "第一个问题的具体表现" in reply.text and current(service).id == "themes.1.problems.1.detail"
    assert answers(service)["themes.1.problems.1.title"] == "学习成果转化为工作思路慢"
    service.answer(USER, "今年我有三次在党组会上照搬文件提法，没有结合本局实际。")
    service.skip(USER)
    reply = service.answer(USER, "再写")[0]
    # a heading already used is not offered again
    assert buttons(reply)[:2] == ["phr:themes.1.problems.2.title:0", "phr:themes.1.problems.2.title:2"]
    with service.db.transaction() as session:
        draft = service.scope(session, USER).material
        assert draft is not None
        sources = [c.kind for c, values in Repository(session).changes(draft) if "themes.1.problems.1.title" in values.values]
    assert sources == ["phrase"]
    # while revising, the official rewrites their own words: no headings offered
    reply = service.edit(USER, "2.1")[0]
    assert not any(data.startswith("phr:") for data in buttons(reply))


# ---- measures and the problems they answer ---------------------------------------------


def test_marking_which_problems_a_measure_answers(service: DraftingService) -> None:
    imported(service)
    service.edit(USER, "9.1")
    service.answer(USER, "系统学习理论，筑牢思想根基")
    picker, question = service.answer(USER, "每周自学半天，2022年3月底前读完全会决议辅导读本。")
    assert picker.text.startswith("第1条措施“系统学习理论，筑牢思想根基”回应了前面哪些问题？")
    assert buttons(picker)[0] == "lk:1:1.1" and buttons(picker)[-1] == "lk:1:ok"
    assert picker.buttons[0][0].label == "▫️ 2.1 学习的系统性不强"
    assert "修改已完成" in question.text
    marked = service.press(USER, "lk:1:1.1")[0]
    assert marked.replace and marked.buttons[0][0].label.startswith("✅ 2.1")
    service.press(USER, "lk:1:1.2")
    service.press(USER, "lk:1:1.2")  # pressed again: unmarked
    done = service.press(USER, "lk:1:ok")[0]
    assert done.replace and done.text == "第1条措施回应：2.1 学习的系统性不强。" and not done.buttons
    # forged or stale buttons change nothing
    for data in ("lk:9:1.1", "lk:1:7.1", "lk:x:1.1", "lk:1:1.9"):
        assert "已过期" in service.press(USER, data)[0].text
    # typed form (terminal): /link 2 3.1 4.2 toggles; /link lists
    assert service.link(USER, "2 3.1 4.2")[0].text.startswith("第2条措施回应：3.1 ")
    assert "没有编号为9.9的问题" in service.link(USER, "2 9.9")[0].text
    listing = service.link(USER)[0].text
    assert "第3条措施尚未标注回应的问题" in listing and "尚无措施回应的问题：2.2、" in listing
    # /check now goes by the marks, not by wording
    report = service.check(USER)[0].text
    assert "按用词推断" not in report
    assert "措施“敢于直面难题，抓好工作落实”没有对应前面查摆的任何问题" in report
    assert "〔2.2〕（一）问题二：问题“学用结合有欠缺”没有整改措施与之对应" in report


# ---- editing a sent message, history, undo ---------------------------------------------


def test_editing_an_answer_message_updates_it_after_confirmation(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县长", message_id=100)
    service.answer(USER, "钱测试", message_id=101)
    assert "不是对某个问题的回答" in service.edited(USER, 55, "随便")[0].text
    assert "无法使用" in service.edited(USER, 100, "县" * 41)[0].text
    assert "无需更新" in service.edited(USER, 100, "县长")[0].text
    offer = service.edited(USER, 100, "县委副书记、县长")[0]
    assert "〔1〕职务" in offer.text and "当前内容：县长\n修改后：县委副书记、县长" in offer.text
    assert buttons(offer) == ["me:100:y", "me:100:n"]
    assert answers(service)["author.position"] == "县长"  # nothing changes before confirmation
    done = service.press(USER, "me:100:y")
    assert done[0].replace and "已按修改后的消息更新〔1〕职务" in done[0].text
    assert answers(service)["author.position"] == "县委副书记、县长"
    assert "已过期" in service.press(USER, "me:100:y")[0].text  # confirmed once only
    service.edited(USER, 101, "孙测试")
    assert "已保留原回答" in service.press(USER, "me:101:n")[0].text
    assert answers(service)["author.name"] == "钱测试"
    # a message from an earlier draft does not touch the new one
    service.new(USER, "2021-dangshi")
    assert "另一份材料" in service.edited(USER, 100, "副县长")[0].text


def test_history_and_undo(service: DraftingService) -> None:
    complete_interview(service)
    service.edit(USER, "2.1")
    service.answer(USER, "理论学习缺乏计划性")
    service.keep(USER)
    service.keep(USER)
    service.edit(USER, "2.1")
    service.answer(USER, "理论学习时紧时松")
    history = service.history(USER, "2.1")[0].text.splitlines()
    assert history[0] == "〔2.1〕问题一：理论学习时紧时松的修改记录（由近到远）："
    assert history[1].endswith("〔2.1〕问题一的标题：理论学习时紧时松（修改）")  # newest first
    assert history[2].endswith("〔2.1〕问题一的标题：理论学习缺乏计划性（修改）")
    assert any(line.endswith("〔2.1〕问题一的标题：理论学习计划执行不严（回答）") for line in history)
    recent = service.history(USER)[0].text
    assert "〔2.1〕问题一的标题：理论学习时紧时松（修改）" in recent
    service.cancel(USER)
    reply = service.undo(USER)[0].text
    assert reply.startswith("已撤销最近一次修改：〔2.1〕问题一的标题恢复为：理论学习缺乏计划性（撤销前：理论学习时紧时松）")
    assert "一是理论学习缺乏计划性。" in draft_text(service)
    service.undo(USER, "2.1")
    assert "一是理论学习计划执行不严。" in draft_text(service)
    assert "〔已撤销〕" in service.history(USER, "2.1")[0].text.splitlines()[1]
    service.redo(USER)
    assert "一是理论学习缺乏计划性。" in draft_text(service)
    assert "没有第9项" in service.history(USER, "2.9")[0].text
    assert "用法" in service.undo(USER, "x")[0].text


# ---- status, date, reminders -----------------------------------------------------------


def test_status_lists_what_is_missing_and_the_date(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县长")
    service.skip(USER)
    status = service.status(USER)[0].text
    assert "进度：" in status and "（已答2/" in status
    assert "会议日期：未设置" in status
    lines = status.splitlines()
    unit = next(i for i, line in enumerate(lines) if line.startswith("✏️ 1. 基本信息（2/3）"))
    assert lines[unit + 1] == "　　另有1项可选内容未填写"
    causes = next(i for i, line in enumerate(lines) if ". 原因剖析（" in line)
    assert lines[causes + 1] == "　　还缺：原因一、原因二、原因三、是否再写一条原因"
    year = local_today(8).year + 1  # ahead, and within the four years a meeting date may be
    assert f"已设置：会议日期：{year}年1月5日" in service.date(USER, f"{year}-01-05")[0].text
    assert f"会议日期：{year}年1月5日（还有" in service.status(USER)[0].text
    assert "无法识别日期" in service.date(USER, "下周")[0].text
    assert "已经过去" in service.date(USER, "2020-01-05")[0].text
    service.date(USER, "清除")
    assert "会议日期：未设置" in service.status(USER)[0].text


def test_status_names_the_gaps_inside_an_item(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县长")
    service.skip(USER)
    service.skip(USER)
    service.skip(USER)
    service.answer(USER, "调研不深不实")
    lines = service.status(USER)[0].text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("✏️ 2. "))
    assert lines[first + 1] == "　　还缺：问题一的具体表现、是否再写一个问题"


def test_remind_switch(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    assert "提醒已开启" in service.remind(USER)[0].text
    assert "提醒已关闭" in service.remind(USER, "关闭")[0].text
    assert "提醒已开启" in service.remind(USER, "开启")[0].text
    assert "用法" in service.remind(USER, "明天")[0].text


def test_reminders_are_claimed_once_and_released_on_failure(any_db_config: Config) -> None:
    settings = ReminderConfig(idle_days=3, before_days=(1, 3, 7), send_from_hour=0, send_until_hour=24)
    service = build_service(replace(any_db_config, reminders=settings))
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县长")
    now = datetime.now(UTC) + timedelta(minutes=5)  # a sweep a little later
    assert service.claim_reminders(now) == []  # active today
    age(service, USER, 5)
    [idle] = service.claim_reminders(now)
    assert idle.telegram_id == USER and "已有5天没有填写了" in idle.text and idle.text.endswith("/remind 关闭。）")
    assert service.claim_reminders(now) == []  # recorded as sent: never twice
    assert service.claim_reminders(now + timedelta(hours=5)) == []
    service.release_reminders(idle.claims)  # sending failed: it goes out on the next sweep
    assert len(service.claim_reminders(now)) == 1
    # the meeting in three days: one countdown reminder, then nothing more for this step
    service.date(USER, (now + timedelta(hours=8) + timedelta(days=3)).strftime("%Y-%m-%d"))
    [meeting] = service.claim_reminders(now)
    assert "还有3天" in meeting.text and "您的材料已完成" in meeting.text
    assert service.claim_reminders(now) == []
    # turned off by the official
    service.remind(USER, "关闭")
    assert service.claim_reminders(now + timedelta(days=2)) == []
    service.remind(USER, "开启")
    assert "还有1天" in service.claim_reminders(now + timedelta(days=2))[0].text
    # every claim is a row in the database
    with service.db.transaction() as session:
        draft = service.scope(session, USER).material
        assert draft is not None
        kinds = [(r.kind, r.key.rpartition(":")[2] if r.kind == "meeting" else "") for r in
                 Repository(session).sent_reminders(draft)]
    assert kinds == [("idle", ""), ("meeting", "3"), ("meeting", "1")]


def test_delete_removes_the_new_rows_too(any_db_config: Config) -> None:
    service = build_service(any_db_config)
    imported(service)
    service.link(USER, "1 2.1")
    service.edit(USER, "1")
    service.answer(USER, "县委常委、副县长", message_id=6)
    with service.db.transaction() as session:
        ctx = service.scope(session, USER)
        assert ctx.material is not None
        assert Repository(session).claim_reminder(ctx.material, "idle", "k") is not None
    tables = (AnswerMessage, MeasureLink, SentReminder)
    with service.db.transaction() as session:
        assert all(session.query(table).count() == 1 for table in tables)
    service.delete(USER, "确认")
    with service.db.transaction() as session:
        assert all(session.query(table).count() == 0 for table in tables)


# ---- carry-over ------------------------------------------------------------------------


def test_new_offers_last_years_draft_and_copies_same_questions(config: Config, tmp_path: Path) -> None:
    service = build_service(replace(config, profiles_dir=two_years(tmp_path / "profiles")))
    imported(service)
    before = draft_text(service)
    offer = service.new(USER, "2022-test")[0]
    assert "要以它为基础新建“2022年度测试专题民主生活会”吗" in offer.text
    assert [data.partition("~")[0] for data in buttons(offer)] == ["cf:2022-test", "nf:2022-test"]
    assert [b.typed for row in offer.buttons for b in row] == ["/new 2022-test 沿用", "/new 2022-test 全新"]
    reply = service.press(USER, buttons(offer)[0])[0].text
    assert "已从以前的材料复制" in reply and "第一、三个方面的问题" in reply
    carried = answers(service)
    assert carried["author.position"] == "县农业农村局党组书记、局长"
    assert carried["themes.1.problems.2.title"] == "听取不同意见耐心不够"
    # measures with last year's deadlines ("2022年3月底前", "年底前") are not copied (issue 17)
    assert carried["measures.1.title"] == "走进群众中间，解决急难愁盼" and "measures.3.title" not in carried
    assert not any(qid.startswith("themes.2.") for qid in carried)
    assert current(service).id == "themes.2.lead"  # the new aspect is asked
    assert "以上年材料为基础" not in reply
    # last year's measures, for a rectification section
    measures = service.last_year_measures(USER)
    assert [m.title for m in measures][:2] == ["系统学习理论，筑牢思想根基", "走进群众中间，解决急难愁盼"]
    # 全新: nothing copied; last year's draft never changes
    service.new(USER, "2022-test 全新")
    assert answers(service) == {}
    with service.db.transaction() as session:
        ctx = service.scope(session, USER)
        drafts = Repository(session).materials(ctx.user)
    assert len(drafts) == 3
    service.catalog = service.catalog  # the 2021 draft still renders as before
    with service.db.transaction() as session:
        ctx = service.scope(session, USER)
        ctx.set_user(active_draft_id=drafts[-1].id)
    assert draft_text(service) == before


def test_no_offer_without_an_earlier_year(config: Config, tmp_path: Path) -> None:
    service = build_service(replace(config, profiles_dir=two_years(tmp_path / "profiles")))
    reply = service.new(USER, "2022-test")[0]
    assert reply.text.startswith("已新建：2022年度测试专题民主生活会")
    assert service.last_year_measures(USER) == ()
    imported(service)  # a 2021 draft after a 2022 one is not "last year's" for 2021
    assert service.new(USER, "2021-dangshi")[0].text.startswith("已新建")


@pytest.mark.parametrize(("today", "example"), [
    (date(2026, 11, 28), "2026-12-20"),
    (date(2026, 12, 20), "2026-12-20"),
    (date(2026, 12, 21), "2027-12-20"),  # never an example that is already past
])
def test_date_examples_are_never_in_the_past(service: DraftingService, monkeypatch: pytest.MonkeyPatch,
                                             today: date, example: str) -> None:
    monkeypatch.setattr("bot.usecases.meeting.today", lambda deps: today)
    service.new(USER, "2021-dangshi")
    assert f"设置：/date 12月20日（或 {example}）" in service.date(USER)[0].text
    assert f"请按 12月20日 或 {example} 的格式输入" in service.date(USER, "下周")[0].text
    assert "发送 /date 12月20日 这样的日期" in service.status(USER)[0].text
