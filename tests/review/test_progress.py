"""The running 字数 for /status and the gentle note after a short part (issue 17)."""

from __future__ import annotations

from bot.draft.answers_file import parse_answers
from bot.draft.assemble import Assembler
from bot.draft.content import DraftContent, Item, ThemeContent
from bot.draft.tidy import char_count
from bot.profiles import Profile, ProfileCatalog
from bot.review.progress import length_note, running_count
from tests.conftest import SAMPLES


def test_running_count_says_the_words_so_far_and_the_usual_range(catalog: ProfileCatalog,
                                                                 assembler: Assembler) -> None:
    content = parse_answers((SAMPLES / "answers-2025.yaml").read_bytes(), catalog.find)
    profile = catalog.get(content.profile_id)
    document = assembler.document(profile, content)
    line = running_count(profile, document)
    assert line.startswith(f"字数：目前共{char_count(document.text())}字（此类材料通常4000～8000字）")
    assert "存在的主要问题" in line and "原因剖析" in line


def test_a_short_aspect_gets_a_gentle_note_a_full_one_none(catalog: ProfileCatalog, assembler: Assembler) -> None:
    profile = catalog.get("2025-zuofeng")
    short = DraftContent(profile.id, themes=(ThemeContent(None, (Item("学习不深", "学得少"),)),))
    note = length_note(profile, assembler.document(profile, short), "themes.1")
    assert note is not None and note.startswith("提示：（一）方面目前约") and "通常在300字以上" in note
    assert "可以再补充" in note  # a suggestion, never a demand or a rewrite
    long_detail = "本人下乡调研时多是看现场听汇报，" * 12
    full = DraftContent(profile.id, themes=(ThemeContent(None, (Item("调研不深", long_detail),)),))
    assert length_note(profile, assembler.document(profile, full), "themes.1") is None
    assert length_note(profile, assembler.document(profile, short), "author") is None
    causes = DraftContent(profile.id, causes=(Item("宗旨意识淡化", "感情不深"),))
    assert "原因剖析" in (length_note(profile, assembler.document(profile, causes), "causes") or "")


def test_only_the_counted_parts_can_bring_a_note(profile: Profile) -> None:
    """The interview assembles the material for the note only where one can come."""
    from bot.review.progress import may_note

    assert all(may_note(profile, key) for key in ("themes.1", "themes.5", "causes", "measures"))
    assert not any(may_note(profile, key) for key in ("author", "options", "declarations", "counts", "free.x"))


def _walked(profile: Profile) -> dict[str, str | None]:
    """Every question of the profile answered, two items a list, declarations yes (as an official might)."""
    from bot.interview.engine import YES, Interview

    interview = Interview(profile)
    answers: dict[str, str | None] = {}
    mores: dict[str, int] = {}
    while (q := interview.current(answers)) is not None:
        if q.is_choice:
            spec = q.id.rsplit(".", 2)[0]
            mores[spec] = mores.get(spec, 0) + 1
            yes = q.id.endswith(".answer") or mores[spec] < 2
            answers[q.id] = YES if yes and any(c.value == YES for c in q.choices) else q.choices[-1].value
        elif q.max_value is not None:
            answers[q.id] = "12"
        else:
            answers[q.id] = f"第{len(answers)}条：学习贯彻不够深入，调查研究不够扎实，如今年下乡调研仅3次。"[: q.max_length]
    return answers


def test_a_part_alone_counts_as_in_the_whole_material(catalog: ProfileCatalog, assembler: Assembler) -> None:
    """The length note assembles only the finished part: its 字数 must be the whole material's, for
    every part of every profile (run-on and numbered lists, own-line aspects, team voice)."""
    from bot.interview.engine import Interview
    from bot.review.checks import lengths
    from bot.review.progress import part_content

    compared = 0
    for profile in catalog.all():
        interview = Interview(profile)
        content = interview.content(_walked(profile))
        whole = lengths(profile, assembler.document(profile, content))
        keys = [f"themes.{i}" for i in range(1, len(profile.aspects) + 1)] + ["causes", "measures"]
        for key in keys:
            alone = lengths(profile, assembler.document(profile, part_content(content, key)))
            if key.startswith("themes."):
                index = int(key.split(".")[1]) - 1
                assert len(alone.aspects) == len(whole.aspects), (profile.id, key)
                if index < len(whole.aspects):  # as length_note reads them (a prose layout may have fewer)
                    assert alone.aspects[index] == whole.aspects[index], (profile.id, key)
            else:
                assert getattr(alone, key) == getattr(whole, key), (profile.id, key)
            compared += 1
    assert compared > 30
