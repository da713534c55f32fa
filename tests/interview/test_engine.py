"""The interview engine: order, counts, validation, back, edit parts, content."""

from __future__ import annotations

import pytest

from bot.interview.engine import NO, YES, Interview, InterviewError
from bot.profiles import Profile, ProfileCatalog


def answer_all_minimal(interview: Interview) -> dict[str, str | None]:
    """Walk the interview answering as briefly as the profile allows."""
    answers: dict[str, str | None] = {}
    while (q := interview.current(answers)) is not None:
        if q.is_choice:
            answers[q.id] = NO
        elif not q.required:
            answers[q.id] = None
        else:
            answers[q.id] = "这是一个足够长的测试回答内容，用于走完整个访谈流程。"[: max(q.min_length, 20)]
    return answers


def test_first_question_is_position(profile: Profile) -> None:
    q = Interview(profile).current({})
    assert q is not None and q.id == "author.position" and q.required


def test_question_ids_are_stable_and_unique(profile: Profile) -> None:
    interview = Interview(profile)
    answers = answer_all_minimal(interview)
    ids = [q.id for q in interview.plan(answers)]
    assert len(ids) == len(set(ids))
    assert ids[:4] == ["author.position", "author.name", "author.unit", "themes.1.lead"]
    assert "themes.1.problems.1.title" in ids and "themes.5.problems.1.example" in ids
    assert "declarations.relatives_business.answer" in ids
    # the minimum counts are asked without a "more?" question in between
    assert ids.index("causes.3.title") < ids.index("causes.3.more")
    assert "causes.1.more" not in ids and "causes.2.more" not in ids


def test_minimal_walk_finishes_and_is_complete(profile: Profile) -> None:
    interview = Interview(profile)
    answers = answer_all_minimal(interview)
    assert interview.current(answers) is None
    progress = interview.progress(answers)
    assert progress.done and progress.percent == 100
    content = interview.content(answers)
    assert [len(t.problems) for t in content.themes] == [1, 1, 1, 1, 1]
    assert len(content.causes) == 3 and len(content.measures) == 3
    assert len(content.declarations) == len(profile.declarations)


def test_more_yes_adds_a_problem_up_to_the_maximum(profile: Profile) -> None:
    interview = Interview(profile)
    answers: dict[str, str | None] = {}
    for k in range(1, profile.counts.problems.max + 1):
        answers[f"themes.1.problems.{k}.title"] = f"问题标题{k}"
        answers[f"themes.1.problems.{k}.detail"] = "具体表现的文字"
        if k < profile.counts.problems.max:
            answers[f"themes.1.problems.{k}.more"] = YES
    ids = [q.id for q in interview.plan(answers)]
    assert f"themes.1.problems.{profile.counts.problems.max}.example" in ids
    assert f"themes.1.problems.{profile.counts.problems.max}.more" not in ids
    assert f"themes.1.problems.{profile.counts.problems.max + 1}.title" not in ids


def test_declaration_detail_only_when_yes(profile: Profile) -> None:
    interview = Interview(profile)
    ids = [q.id for q in interview.plan({"declarations.major_matters.answer": NO})]
    assert "declarations.major_matters.detail" not in ids
    ids = [q.id for q in interview.plan({"declarations.major_matters.answer": YES})]
    assert "declarations.major_matters.detail" in ids


@pytest.mark.parametrize(
    ("text", "ok", "fragment"),
    [
        ("", False, "不能为空"),
        ("   \u200b ", False, "不能为空"),
        ("短", False, "过短"),
        ("理论学习不够系统", True, None),
        ("很" * 31, False, "过长"),
    ],
)
def test_validation_of_a_problem_title(profile: Profile, text: str, ok: bool, fragment: str | None) -> None:
    interview = Interview(profile)
    q = interview.question({}, "themes.1.problems.1.title")
    assert q is not None
    verdict = interview.check(q, text)
    assert verdict.ok is ok
    if fragment:
        assert verdict.error is not None and fragment in verdict.error


def test_choice_accepts_words_and_rejects_prose(profile: Profile) -> None:
    interview = Interview(profile)
    q = interview.question({}, "declarations.major_matters.answer")
    assert q is not None
    assert interview.check(q, "没有").value == NO
    assert interview.check(q, "有").value == YES
    assert not interview.check(q, "我想想").ok


def test_back_goes_to_previous_question(profile: Profile) -> None:
    interview = Interview(profile)
    answers: dict[str, str | None] = {"author.position": "县长", "author.name": None}
    assert interview.current(answers) is not None
    previous = interview.previous(answers, None)
    assert previous is not None and previous.id == "author.name"
    # from the focused question, back again goes one further
    previous = interview.previous(answers, "author.name")
    assert previous is not None and previous.id == "author.position"
    assert interview.previous(answers, "author.position") is None


def test_progress_counts_sections_and_questions(profile: Profile) -> None:
    interview = Interview(profile)
    progress = interview.progress({"author.position": "县长"})
    assert (progress.section, progress.question, progress.questions) == (1, 2, 3)
    assert progress.sections == 5 + 4
    assert 0 < progress.percent < 100


def test_parts_and_adding_an_item(profile: Profile) -> None:
    interview = Interview(profile)
    answers = answer_all_minimal(interview)
    parts = interview.parts(answers, 2)
    assert [p.number for p in parts] == ["2.0", "2.1", "2.2"]
    assert parts[-1].adds
    questions = interview.part_questions(answers, "themes.1.problems.2")
    assert [q.kind for q in questions] == ["problem.title", "problem.detail", "problem.example"]
    with pytest.raises(InterviewError):
        interview.find_part(answers, 2, 9)
    with pytest.raises(InterviewError):
        interview.section(99)


def test_content_round_trips_through_answers(profile: Profile) -> None:
    interview = Interview(profile)
    answers = answer_all_minimal(interview)
    content = interview.content(answers)
    again = interview.content(interview.answers_from_content(content))
    assert again == content


def test_orphaned_answers_are_kept_but_not_rendered(profile: Profile) -> None:
    """Saying "no more" after writing problem 2 hides it; saying yes again brings it back."""
    interview = Interview(profile)
    answers: dict[str, str | None] = {
        "themes.1.problems.1.title": "第一个问题", "themes.1.problems.1.detail": "表现一",
        "themes.1.problems.1.more": NO,
        "themes.1.problems.2.title": "第二个问题", "themes.1.problems.2.detail": "表现二",
    }
    assert len(interview.content(answers).themes[0].problems) == 1
    answers["themes.1.problems.1.more"] = YES
    assert len(interview.content(answers).themes[0].problems) == 2


# ---- later profiles: preamble counts, last year's measures, a case, wording as section titles ----

def test_sections_follow_the_profile(catalog: ProfileCatalog) -> None:
    interview = Interview(catalog.get("2025-zuofeng"))
    keys = [s.key for s in interview.sections]
    assert keys == ["author", "options", "counts", "rectification", "themes.1", "themes.2", "themes.3", "themes.4",
                    "themes.5", "declarations", "case", "causes", "measures", "extras"]
    titles = {s.key: s.title for s in interview.sections}
    assert titles["counts"] == "会前学习研讨、征求意见和谈心谈话"
    assert titles["rectification"] == "上年度民主生活会整改落实情况"
    assert titles["options"] == "材料格式"
    assert titles["themes.2"] == "存在的主要问题（二）带头固本培元、增强党性"
    assert titles["case"] == "典型案例剖析"
    members = Interview(catalog.get("2024-zuzhishenghuo"))
    # no declarations section; last year's rectification (told in the preamble) asked before the aspects
    assert [s.key for s in members.sections][:3] == ["author", "rectification", "themes.1"]
    assert "declarations" not in [s.key for s in members.sections]


@pytest.mark.parametrize(
    ("typed", "stored", "error"),
    [("6", "6", None), ("23条", "23", None), ("４１", "41", None), (" 共 12 次。", "12", None),
     ("0", "0", None), ("十二", None, "只填写一个数字"), ("3到5次", None, "只填写一个数字"),
     ("", None, "只填写一个数字"), ("10000", None, "数字过大")],
)
def test_count_answers_are_numbers(catalog: ProfileCatalog, typed: str, stored: str | None,
                                   error: str | None) -> None:
    interview = Interview(catalog.get("2024-dangji"))
    q = interview.question({}, "counts.opinions")
    assert q is not None and q.kind == "count" and q.prompt.startswith("会前征求到的")
    verdict = interview.check(q, typed)
    assert verdict.value == stored
    if error:
        assert not verdict.ok and verdict.error is not None and error in verdict.error


def test_rectification_asks_per_measure_and_names_it(catalog: ProfileCatalog) -> None:
    interview = Interview(catalog.get("2024-dangji"))
    answers: dict[str, str | None] = {"author.position": "县长", "author.name": None, "author.unit": None,
                                      "counts.study": "6", "counts.opinions": "23", "counts.talks": "41"}
    q = interview.current(answers)
    assert q is not None and q.id == "rectification.1.title"
    answers["rectification.1.title"] = "坚持每周半天自学"
    q = interview.current(answers)
    assert q is not None and q.id == "rectification.1.done" and "“坚持每周半天自学”" in q.prompt
    answers["rectification.1.done"] = "全年自学四十六次"
    q = interview.current(answers)
    assert q is not None and q.id == "rectification.1.remaining" and not q.required
    answers["rectification.1.remaining"] = None
    q = interview.current(answers)
    assert q is not None and q.id == "rectification.1.more" and [c.label for c in q.choices] == [
        "再写一条上年度整改措施", "这部分写完了"]


def test_prefill_carries_last_years_measures(catalog: ProfileCatalog) -> None:
    """The hook for carrying over last year's draft: titles filled in, only done/remaining asked."""
    interview = Interview(catalog.get("2024-dangji"))
    prefilled = interview.prefill("rectification", ["加强理论学习", "深入基层调研", "  ", "严格廉洁自律"])
    assert prefilled == {
        "rectification.1.title": "加强理论学习", "rectification.1.more": YES,
        "rectification.2.title": "深入基层调研", "rectification.2.more": YES,
        "rectification.3.title": "严格廉洁自律", "rectification.3.more": NO}
    rect = [q for q in interview.plan(prefilled) if q.section == 3 and q.id not in prefilled]
    assert [q.id for q in rect] == [f"rectification.{k}.{f}" for k in (1, 2, 3) for f in ("done", "remaining")]
    assert "“深入基层调研”" in rect[2].prompt
    with pytest.raises(ValueError):
        interview.prefill("themes.1.problems", ["x"])


def test_parts_of_the_new_sections(catalog: ProfileCatalog) -> None:
    interview = Interview(catalog.get("2025-zuofeng"))
    answers = answer_all_minimal(interview)
    options = interview.parts(answers, 2)
    assert [(p.key, p.number) for p in options] == [("options.rectification", "2.1"), ("options.items", "2.2"),
                                                     ("options.example", "2.3")]
    counts = interview.parts(answers, 3)
    assert [(p.key, p.number) for p in counts] == [("counts.study", "3.1"), ("counts.opinions", "3.2"),
                                                    ("counts.talks", "3.3")]
    rectification = interview.parts(answers, 4)
    assert [p.number for p in rectification] == ["4.1", "4.2"] and rectification[-1].adds
    assert [q.kind for q in interview.part_questions(answers, "rectification.2")] == [
        "rectification.title", "rectification.done", "rectification.remaining"]
    case = interview.find_part(answers, 11, None)
    assert case.key == "case" and case.label == "典型案例剖析"
    assert [q.id for q in interview.part_questions(answers, "case")] == ["case.title", "case.detail"]


@pytest.mark.parametrize("profile_id", ["2024-dangji", "2025-zuofeng", "2024-zuzhishenghuo"])
def test_new_sections_round_trip_through_answers(catalog: ProfileCatalog, profile_id: str) -> None:
    interview = Interview(catalog.get(profile_id))
    answers = answer_all_minimal(interview)
    answers.update({k: "7" for k in answers if k.startswith("counts.")})
    content = interview.content(answers)
    assert len(content.rectification) == 1
    assert interview.content(interview.answers_from_content(content)) == content


def test_a_prompt_quoting_a_title_follows_the_title_questions_without_are_shared(catalog: ProfileCatalog) -> None:
    # Questions are built once per interview, except those whose prompt quotes the official's
    # item title: those must show this draft's current title, never one seen before.
    interview = Interview(catalog.get("2024-dangji"))
    quoting = [q for q in interview.plan({}) if q.kind == "rectification.done"]
    assert quoting, "the 2024 profile asks how last year's measures were carried out"
    qid = quoting[0].id
    part = qid.rsplit(".", 1)[0]
    for title in ("加强理论学习", "改进调查研究"):
        q = interview.question({f"{part}.title": title}, qid)
        assert q is not None and f"“{title}”" in q.prompt
    first, again = interview.plan({})[0], interview.plan({"author.position": "处长"})[0]
    assert first is again  # built once, shared by every later walk


@pytest.mark.parametrize(("kind_prefix", "typed", "stored"), [
    ("themes.1.problems.1", "一是理论学习不够系统", "理论学习不够系统"),
    ("causes.1", "（一）思想武装有所松懈", "思想武装有所松懈"),
    ("measures.1", "1.坚持系统学习", "坚持系统学习"),
])
def test_a_title_is_stored_without_the_number_typed(profile: Profile, kind_prefix: str, typed: str,
                                                    stored: str) -> None:
    # Issue 14: a title typed "一是……" printed "一是一是……".
    interview = Interview(profile)
    q = interview.question({}, f"{kind_prefix}.title")
    assert q is not None
    assert interview.check(q, typed).value == stored


def _shape(plan: list) -> list[tuple[str, str]]:
    return [(q.id, q.prompt) for q in plan]


def test_an_answer_that_keeps_the_plan_leaves_it_as_a_fresh_walk_would(catalog: ProfileCatalog) -> None:
    """Scope keeps the plan across an answer when keeps_plan says so: it must then equal a new walk.

    Every profile, answering "yes" to each list's first two "one more?" and to every declaration,
    so the walk covers growing lists, declaration details and (2024) prompts that quote a title.
    """
    for profile in catalog.all():
        interview = Interview(profile)
        answers: dict[str, str | None] = {}
        yeses: dict[str, int] = {}
        kept = changed = 0
        while (q := interview.current(answers)) is not None:
            before = interview.plan(answers)
            if q.is_choice:
                spec = q.id.rsplit(".", 2)[0]
                yes = q.id.endswith(".answer") or (q.id.endswith(".more") and yeses.get(spec, 0) < 2)
                yeses[spec] = yeses.get(spec, 0) + 1
                value = YES if yes and any(c.value == YES for c in q.choices) else q.choices[-1].value
            elif q.max_value is not None:
                value = "3"
            else:
                value = f"第{len(answers)}项测试回答，内容足够长，用于走完整个访谈流程。"[: max(q.min_length, 24)]
            answers[q.id] = value
            # The plans kept by shape are the plans a fresh walk gives.
            assert _shape(interview.plan(answers)) == _shape(list(interview._plan(answers))), (profile.id, q.id)
            if interview.keeps_plan(q.id):
                kept += 1
                assert _shape(interview.plan(answers)) == _shape(before), (profile.id, q.id)
            else:
                changed += 1
        assert kept > changed > 0, profile.id
