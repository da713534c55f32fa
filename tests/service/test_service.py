"""The service layer: a whole interview, edits, files, deletion; state lives in the database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import build_service
from bot.config import Config
from bot.interview.engine import Interview
from bot.usecases import DraftingService, Reply
from tests.conftest import SAMPLES
from tests.service.helpers import scripted_answer

USER = 1001


def current(service: DraftingService, user: int = USER):  # type: ignore[no-untyped-def]
    with service.db.transaction() as session:
        ctx = service.scope(session, user)
        assert ctx.interview is not None and ctx.material is not None
        return ctx.interview.current(ctx.answers, ctx.focus)


def complete_interview(service: DraftingService, user: int = USER) -> list[Reply]:
    service.start(user)
    replies = service.new(user, "2021-dangshi")
    for _ in range(300):
        q = current(service, user)
        if q is None:
            return replies
        text = scripted_answer(q)
        replies = service.skip(user) if text == "/skip" else service.answer(user, text)
        assert not replies[-1].text.startswith("⚠️"), replies[-1].text
    raise AssertionError("interview did not finish")


def draft_text(service: DraftingService, user: int = USER) -> str:
    replies = service.draft(user)
    return next(r.text for r in replies if r.long)


def test_start_and_new_offer_profiles_newest_first(service: DraftingService) -> None:
    replies = service.start(USER)
    assert "请选择要参加的会议" in replies[0].text
    expected = ["new:2025-zuofeng", "new:2025-zuofeng-banzi", "new:2025-zhibu-banzi", "new:2024-dangji",
                "new:2024-dangji-banzi", "new:2024-zuzhishenghuo", "new:2023-zhuti", "new:2022-niandu",
                "new:2021-dangshi"]
    assert [row[0].data for row in replies[0].buttons] == expected
    listing = service.new(USER)[0]
    assert [row[0].data for row in listing.buttons] == expected
    lines = listing.text.splitlines()
    assert lines[1].startswith("1. 2025年度民主生活会") and lines[9].startswith("9. 2021年度")
    # /new 9 picks the ninth listed, the oldest meeting
    assert "已新建：2021年度党史学习教育专题民主生活会" in service.new(USER, "9")[0].text


def test_answer_without_draft_asks_to_choose(service: DraftingService) -> None:
    replies = service.answer(USER, "县长")
    assert "请先选择会议" in replies[0].text
    assert "请先选择会议" in service.answer(USER, "19")[0].text  # not a number in the list


@pytest.mark.parametrize(("typed", "meeting"), [
    ("9", "2021年度党史学习教育专题民主生活会"),
    ("４", "2024年度民主生活会（党纪学习教育）"),  # typed with a Chinese IME: full-width
    (" 1。", "2025年度民主生活会（深入贯彻中央八项规定精神学习教育）"),
    ("2024-zuzhishenghuo", "2024年度组织生活会（普通党员）"),
    ("2024年度组织生活会（普通党员）", "2024年度组织生活会（普通党员）"),
])
def test_typing_a_listed_meetings_number_or_name_picks_it(service: DraftingService, typed: str,
                                                          meeting: str) -> None:
    """The meetings are listed 1., 2. …: typing the number instead of tapping works like /new N."""
    service.start(USER)
    replies = service.answer(USER, typed)
    assert replies[0].text.startswith(f"已新建：{meeting}。")
    assert current(service).id == "author.position"
    # with a draft, the same text is an answer again, not a new meeting
    assert not service.answer(USER, "县委副书记、县长")[0].text.startswith("已新建")


def test_whole_interview_produces_the_draft(any_db_config: Config) -> None:
    service = build_service(any_db_config)
    replies = complete_interview(service)
    assert "全部问题已回答完毕" in replies[-1].text
    text = draft_text(service)
    lines = text.splitlines()
    assert lines[0] == "王测试同志在2021年度党史学习教育专题民主生活会上的对照检查材料"
    assert lines[3].startswith("（一）在带头深刻感悟“两个确立”的决定性意义方面。本人在第1方面做了一些具体工作")
    assert "一是理论学习计划执行不严。" in lines[3] and "二是调查研究走马观花。" in lines[3]
    assert "如，第三季度原定的八次自学只完成了三次。" in lines[3]
    assert lines[8].startswith("需要说明的事项：一是本人配偶")
    assert "（三）担当精神有所减退。" in text and "（三）建立难题台账限时化解。" in text
    status = service.status(USER)[0].text
    assert "100%" in status


def test_a_draft_asked_for_half_way_marks_what_is_still_to_come(service: DraftingService) -> None:
    service.start(USER)
    service.new(USER, "2021-dangshi")
    for _ in range(12):  # the author's details and the start of the first aspect
        q = current(service)
        text = scripted_answer(q)
        service.skip(USER) if text == "/skip" else service.answer(USER, text)
    replies = service.draft(USER)
    assert replies[0].text.startswith("【草稿】已完成") and "未填写处标有“（尚未填写）”" in replies[0].text
    text = next(r.text for r in replies if r.long)
    lines = text.splitlines()
    assert lines[lines.index("二、原因剖析") + 1] == "（尚未填写）"
    assert lines[lines.index("三、整改措施") + 1] == "（尚未填写）"
    assert lines[7].endswith("（尚未填写）")  # the fifth aspect, not reached yet


def test_invalid_answers_change_nothing(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    for bad in ("", "   ", "长" * 41):
        replies = service.answer(USER, bad)
        assert replies[0].text.startswith("⚠️")
        assert current(service).id == "author.position"
    assert service.not_text(USER)[0].text.startswith("⚠️ 目前只能接收文字回答")
    assert service.skip(USER)[0].text.startswith("⚠️ 这是必答问题")
    assert current(service).id == "author.position"


def test_edit_one_problem_leaves_the_rest(service: DraftingService) -> None:
    complete_interview(service)
    before = draft_text(service)
    replies = service.edit(USER, "3.2")
    assert "修改〔3.2〕" in replies[0].text and "当前内容：调查研究走马观花" in replies[0].text
    service.answer(USER, "联系群众不够紧密")
    service.keep(USER)
    replies = service.keep(USER)  # the optional example (skipped before) keeps its state
    after = draft_text(service)
    assert "（二）" in after and "二是联系群众不够紧密。" in after.splitlines()[4]
    assert after.replace("联系群众不够紧密", "调查研究走马观花") == before
    assert "全部问题已回答完毕" in replies[-1].text


def test_edit_menu_and_errors(service: DraftingService) -> None:
    complete_interview(service)
    menu = service.edit(USER, "2")[0]
    assert [b.data for row in menu.buttons for b in row] == ["edit:2.0", "edit:2.1", "edit:2.2", "edit:2.3"]
    assert "没有第99部分" in service.edit(USER, "99")[0].text
    assert "没有第9项" in service.edit(USER, "2.9")[0].text
    assert "用法" in service.edit(USER, "x")[0].text


def test_adding_a_problem_by_edit(service: DraftingService) -> None:
    complete_interview(service)
    service.edit(USER, "2.3")
    service.answer(USER, "新增的第三个问题")
    service.answer(USER, "这是新增问题的具体表现，写得足够长一些。")
    service.skip(USER)
    text = draft_text(service)
    assert "三是新增的第三个问题。这是新增问题的具体表现" in text.splitlines()[3]


def test_back_then_answer_returns_to_the_flow(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县长")
    service.skip(USER)
    assert current(service).id == "author.unit"
    service.back(USER)
    assert current(service).id == "author.name"
    service.answer(USER, "赵某某")
    assert current(service).id == "author.unit"


def test_stale_and_forged_buttons(service: DraftingService) -> None:
    service.new(USER, "2021-dangshi")
    assert "已过期" in service.press(USER, "skip:author.name")[0].text
    assert "已过期" in service.press(USER, "pick:declarations.major_matters.answer:yes")[0].text
    assert "已过期" in service.press(USER, "nonsense")[0].text
    assert current(service).id == "author.position"


def test_state_survives_a_new_service(any_db_config: Config) -> None:
    config = any_db_config
    first = build_service(config)
    first.new(USER, "2021-dangshi")
    first.answer(USER, "县长")
    second = build_service(config)  # a restarted process on the same database
    assert current(second).id == "author.name"
    assert "欢迎回来" in second.start(USER)[0].text


def test_users_are_isolated(service: DraftingService) -> None:
    complete_interview(service, USER)
    other = 2002
    assert "请先选择会议" in service.draft(other)[0].text
    service.new(other, "2021-dangshi")
    assert "王测试" not in draft_text(service, other)


def test_export_import_round_trip(service: DraftingService) -> None:
    complete_interview(service)
    exported = service.export(USER)[0].attachment
    assert exported is not None and exported.filename.endswith(".yaml")
    before = draft_text(service)
    other = 3003
    replies = service.receive_file(other, exported.filename, exported.content)
    assert "确认导入吗" in replies[0].text
    service.confirm_import(other, True)
    assert draft_text(service, other) == before


def test_export_and_import_keep_which_problems_each_measure_answers(service: DraftingService) -> None:
    complete_interview(service)
    service.link(USER, "1 2.1 3.2")  # in chat: section 2 is the first aspect
    exported = service.export(USER)[0].attachment
    assert exported is not None
    text = exported.content.decode("utf-8")
    assert "answers:\n  - '1.1'\n  - '2.2'\n" in text  # in the file: by the themes list
    assert "“方面序号.问题序号”" in text.splitlines()[1]
    other = 3003
    service.receive_file(other, exported.filename, exported.content)
    service.confirm_import(other, True)
    assert service.link(other)[0].text == service.link(USER)[0].text
    assert service.link(other)[0].text.startswith("第1条措施回应：2.1 ")


def test_import_bad_file_changes_nothing(service: DraftingService) -> None:
    complete_interview(service)
    before = draft_text(service)
    replies = service.receive_file(USER, "bad.yaml", b"profile: 2021-dangshi\nauthor: 5\n")
    assert "无法导入" in replies[0].text and "author" in replies[0].text
    assert draft_text(service) == before


def test_import_sample_file(service: DraftingService) -> None:
    service.receive_file(USER, "a.yaml", (SAMPLES / "answers-2021.yaml").read_bytes())
    service.confirm_import(USER, True)
    assert draft_text(service).startswith("李明同志")
    assert current(service) is None


def test_delete_removes_everything(any_db_config: Config) -> None:
    service = build_service(any_db_config)
    complete_interview(service)
    offer = service.delete(USER)[0]
    assert "确定删除吗" in offer.text
    service.press(USER, offer.buttons[0][0].data)
    assert "请先选择会议" in service.draft(USER)[0].text


def test_unknown_command(service: DraftingService) -> None:
    assert "未知命令：/frobnicate" in service.command(USER, "frobnicate")[0].text


def test_interview_uses_pinned_profile(service: DraftingService, config: Config) -> None:
    service.new(USER, "2021-dangshi")
    service.answer(USER, "县长")
    # A later catalog without that exact profile version still serves the draft.
    changed = replace(service.catalog.get("2021-dangshi"), digest="other")
    service.catalog = type(service.catalog)([changed])
    assert current(service).id == "author.name"
    assert isinstance(Interview, type)
