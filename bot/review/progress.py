"""字数 while the material is being written: a running count for /status, and a gentle
note when a part just finished is far below what such materials usually run to.

Both read the profile's `review.lengths` ranges (practice, not a rule: leaders'
materials run roughly 4,000–8,000 字). Length is only seen at /draft otherwise, and
both test materials came out near 3,000 字 with nothing said during the interview.
"""

from __future__ import annotations

from dataclasses import replace

from bot.draft.assemble import Document
from bot.draft.content import DraftContent, ThemeContent
from bot.draft.numerals import subsection_mark
from bot.profiles.model import Profile
from bot.review.checks import lengths

# A part is "far below" when it has less than this share of the usual least length.
FAR_BELOW = 0.5


def running_count(profile: Profile, document: Document) -> str:
    """"字数：目前共2084字（此类材料通常4000～8000字）", one line for /status."""
    measured = lengths(profile, document)
    bounds = profile.review.lengths.get("total")
    usual = f"（此类材料通常{bounds.min}～{bounds.max}字）" if bounds else ""
    return (f"字数：目前共{measured.total}字{usual}；其中{profile.wording.problems_heading}{measured.problems}字，"
            f"{profile.wording.causes_heading}{measured.causes}字，{profile.wording.measures_heading}"
            f"{measured.measures}字。")


def may_note(profile: Profile, section_key: str) -> bool:
    """Whether finishing this part can bring a note at all: one of the counted parts, with a usual
    length in the profile. Asked first, so the material is assembled only when it can."""
    key = "aspect" if section_key.startswith("themes.") else section_key
    return key in ("aspect", "causes", "measures") and profile.review.lengths.get(key) is not None


def part_content(content: DraftContent, section_key: str) -> DraftContent:
    """The material with only the part `section_key` filled in, for its length note.

    Finishing a part used to assemble the whole material to count one part of it (a tenth of an
    update's cost on average). Each part is rendered from its own answers (and the author's
    position, kept), so emptying the lists of the other parts leaves the counted part, its
    heading and its place among the parts exactly as in the whole material; the tests compare
    the two counts on every part of the sample materials.
    """
    if section_key.startswith("themes."):
        index = int(section_key.split(".")[1])
        themes = tuple(theme if number == index else ThemeContent()
                       for number, theme in enumerate(content.themes, start=1))
        return replace(content, themes=themes, declarations=(), causes=(), measures=())
    if section_key in ("causes", "measures"):
        return replace(content, themes=tuple(ThemeContent() for _ in content.themes), declarations=(),
                       causes=content.causes if section_key == "causes" else (),
                       measures=content.measures if section_key == "measures" else ())
    return content


def length_note(profile: Profile, document: Document, section_key: str) -> str | None:
    """A note for the part the official has just finished ("themes.2", "causes", "measures"),
    or None when it is not far below the usual length (or the profile gives none)."""
    if not may_note(profile, section_key):
        return None
    measured = lengths(profile, document)
    wording = profile.wording
    if section_key.startswith("themes."):
        index = int(section_key.split(".")[1])
        if index > len(measured.aspects):
            return None
        key, name, count = "aspect", f"{subsection_mark(index)}方面", measured.aspects[index - 1]
        usual_for = "每个方面"
    elif section_key in ("causes", "measures"):
        key = section_key
        name = wording.causes_heading if key == "causes" else wording.measures_heading
        count = measured.causes if key == "causes" else measured.measures
        usual_for = f"“{name}”"
    else:
        return None
    bounds = profile.review.lengths.get(key)
    if bounds is None or count >= bounds.min * FAR_BELOW:
        return None
    return (f"提示：{name}目前约{count}字，同类材料{usual_for}通常在{bounds.min}字以上。"
            "如还有具体事例、数字或自己的做法，可以再补充；篇幅只是参考，以写实为准。")
