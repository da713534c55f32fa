"""The per-question checks of chat, applied to a whole answers file at once.

An answers file prepared on a computer must meet the same bounds as answers typed in
chat (a title of 1 or 100,000 characters is no more usable from a file), and every
problem is reported with the key path it has in the file, all at once.
"""

from __future__ import annotations

import re

from bot.draft.content import DraftContent
from bot.draft.lead_ins import strip_item_number
from bot.draft.tidy import char_count, tidy
from bot.interview.engine import Interview
from bot.profiles.model import Profile

__all__ = ["bound_problems", "file_path"]

_NUMBERED = re.compile(r"\b(themes|problems|causes|measures|rectification)\.(\d+)")


def file_path(qid: str, profile: Profile) -> str:
    """Where the answer to question `qid` sits in the answers file: themes.2.problems.1.title ->
    themes[1].problems[0].title, declarations.<id>.detail -> declarations[k]."""
    if qid.startswith("declarations."):
        matter = qid.split(".")[1]
        ids = [d.id for d in profile.declarations]
        return f"declarations[{ids.index(matter)}]" if matter in ids else qid
    return _NUMBERED.sub(lambda m: f"{m.group(1)}[{int(m.group(2)) - 1}]", qid)


def bound_problems(profile: Profile, content: DraftContent) -> list[str]:
    """Every answer in `content` whose length is outside its question's bounds, as "path：why"."""
    interview = Interview(profile)
    answers = interview.answers_from_content(content)
    questions = {q.id: q for q in interview.plan(answers) + interview.extras()}
    problems: list[str] = []
    for qid, value in answers.items():
        question = questions.get(qid)
        if value is None or question is None or question.is_choice or question.max_value is not None:
            continue
        typed = strip_item_number(value) if question.kind.endswith(".title") else value
        length = char_count(tidy(typed, final_stop=False))
        if length < question.min_length:
            problems.append(f"{file_path(qid, profile)}：过短（{length}字），这一项至少需要{question.min_length}字")
        elif length > question.max_length:
            problems.append(f"{file_path(qid, profile)}：过长（{length}字），这一项最多{question.max_length}字")
    return problems
