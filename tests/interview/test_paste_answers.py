"""A paste holding several items files into the part's questions (issue 14, point 3)."""

from __future__ import annotations

from bot.draft.paste import Shape
from bot.interview.engine import YES, Interview
from bot.interview.paste_answers import file_paste, shape_for
from bot.profiles import Profile

PASTE = ("作为局长，我对照要求进行了检视，还存在以下不足：\n"
         "一是调研走过场。到基层调研时听汇报多、看现场少，掌握情况不够全面。"
         "如，上半年到乡镇调研六次，有四次只在会议室座谈。\n"
         "二是跟踪问效不够。部署工作后很少回头看，不少工作停留在开会布置上。\n"
         "三是服务群众不主动。习惯于等群众上门反映，主动上门了解情况的时候少。")


def test_at_the_lead_question_the_lead_and_every_problem_are_filed(profile: Profile) -> None:
    interview = Interview(profile)
    answers: dict[str, str | None] = {"author.position": "县水利局局长", "author.name": None, "author.unit": None}
    question = interview.question(answers, "themes.1.lead")
    assert question is not None and shape_for(question) is Shape.SINGLE
    filed = file_paste(interview, answers, question, PASTE)
    assert filed is not None and filed.refused == {} and filed.left_over == 0
    got = filed.answers
    assert got["themes.1.lead"] == "作为局长，我对照要求进行了检视，还存在以下不足："
    assert got["themes.1.problems.1.title"] == "调研走过场"
    assert got["themes.1.problems.1.example"] == "上半年到乡镇调研六次，有四次只在会议室座谈。"
    assert got["themes.1.problems.1.more"] == YES and got["themes.1.problems.2.more"] == YES
    assert got["themes.1.problems.2.example"] is None
    assert got["themes.1.problems.3.title"] == "服务群众不主动"
    assert "themes.1.problems.3.more" not in got  # the interview asks whether there are more
    stored = {**answers, **got}
    assert [p.title for p in interview.content(stored).themes[0].problems] == [
        "调研走过场", "跟踪问效不够", "服务群众不主动"]
    next_question = interview.current(stored, None)
    assert next_question is not None and next_question.id == "themes.1.problems.3.example"


def test_items_beyond_the_maximum_are_counted_not_filed(profile: Profile) -> None:
    interview = Interview(profile)
    question = interview.question({}, "causes.1.title")
    assert question is not None and shape_for(question) is Shape.ITEMS
    paste = "\n".join(f"（{n}）第{n}条原因的标题。这是第{n}条原因的具体剖析，写得足够长一些。"
                      for n in "一二三四五六七")
    filed = file_paste(interview, {}, question, paste)
    assert filed is not None
    assert filed.left_over == 7 - profile.counts.causes.max
    assert filed.answers["causes.6.title"] == "第六条原因的标题"
    assert "causes.7.title" not in filed.answers


def test_a_bound_refused_is_reported_not_stored(profile: Profile) -> None:
    interview = Interview(profile)
    question = interview.question({}, "measures.1.title")
    assert question is not None
    filed = file_paste(interview, {}, question, "1.学。每周安排半天时间集中自学原著。\n2.坚持调研蹲点。每季度蹲点三天，住在村里。")
    assert filed is not None
    assert "measures.1.title" in filed.refused and "过短" in filed.refused["measures.1.title"]
    assert filed.answers["measures.2.title"] == "坚持调研蹲点"


def test_one_item_is_an_ordinary_answer(profile: Profile) -> None:
    interview = Interview(profile)
    question = interview.question({}, "causes.1.title")
    assert question is not None
    assert file_paste(interview, {}, question, "理想信念有所松懈") is None
    detail = interview.question({}, "causes.1.detail")
    assert detail is not None and file_paste(interview, {}, detail, PASTE) is None
