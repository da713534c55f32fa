"""The sections and parts of an interview as /edit, /section and /history number them ("2.1").

A mixin of the Interview (bot/interview/engine.py): it needs the profile, the sections, the plan
and the extras only.
"""

from __future__ import annotations

from bot.draft.numerals import chinese_number
from bot.draft.tidy import tidy
from bot.interview.questions import LISTS, YES, Answers, InterviewError, Part, Question, Section
from bot.profiles.model import Bounds, Profile


class PartsMixin:
    profile: Profile
    sections: tuple[Section, ...]

    def plan(self, answers: Answers) -> list[Question]:
        raise NotImplementedError

    def extras(self) -> list[Question]:
        raise NotImplementedError

    def section(self, number: int) -> Section:
        if not 1 <= number <= len(self.sections):
            raise InterviewError(f"没有第{number}部分。共有{len(self.sections)}部分，可发送 /status 查看。")
        return self.sections[number - 1]

    def parts(self, answers: Answers, number: int) -> list[Part]:
        """The parts of a section that /edit can rewrite, numbered as the official types them."""
        section = self.section(number)
        plan = self.plan(answers)
        if section.key == "author":
            return [Part("author", "职务、姓名和单位", f"{number}")]
        if section.key == "extras":
            return [Part(q.part, label, f"{number}.{i}") for i, (q, label) in
                    enumerate(zip(self.extras(), ("标题", "开头段落", "结尾段落"), strict=True), start=1)]
        if section.key == "declarations":
            return [Part(f"declarations.{d.id}", d.question, f"{number}.{i}")
                    for i, d in enumerate(self.profile.declarations, start=1)]
        if section.key == "counts":
            return [Part(f"counts.{c.id}", c.question, f"{number}.{i}")
                    for i, c in enumerate(self.profile.preamble_counts, start=1)]
        if section.key == "case":
            return [Part("case", self.profile.wording.case_heading, f"{number}")]
        if section.key.startswith("free."):
            return [Part(section.key, section.title, f"{number}")]
        if section.key == "options":
            return [Part(f"options.{o.id}", o.question, f"{number}.{i}")
                    for i, o in enumerate(self.profile.options, start=1)]
        parts: list[Part] = []
        if section.key.startswith("themes.") and any(q.part == f"{section.key}.lead" for q in plan):
            parts.append(Part(f"{section.key}.lead", "开头段（做到了什么及转折）", f"{number}.0"))
            prefix, list_key = f"{section.key}.problems", "problems"
        else:
            prefix = list_key = section.key
        bounds: Bounds = getattr(self.profile.counts, list_key)
        noun = "措施" if list_key == "rectification" else LISTS[list_key].noun
        items = sorted({int(q.part.split(".")[-1]) for q in plan if q.part.startswith(prefix + ".")})
        for k in items:
            title = answers.get(f"{prefix}.{k}.title")
            label = f"{noun}{chinese_number(k)}" + (f"：{tidy(title, final_stop=False)}" if title else "")
            parts.append(Part(f"{prefix}.{k}", label, f"{number}.{k}"))
        if items and len(items) < bounds.max:
            k = len(items) + 1
            parts.append(Part(f"{prefix}.{k}", f"再加一个{noun}", f"{number}.{k}", adds=True))
        return parts

    def find_part(self, answers: Answers, number: int, item: int | None) -> Part:
        parts = self.parts(answers, number)
        if item is None and len(parts) == 1:
            return parts[0]
        for part in parts:
            if part.number == (f"{number}.{item}" if item is not None else f"{number}"):
                return part
        if item is None:
            raise InterviewError("这一部分有多项内容，请指明要修改哪一项。")
        raise InterviewError(f"第{number}部分没有第{item}项。")

    def part_questions(self, answers: Answers, part_key: str) -> list[Question]:
        """The questions an edit of this part walks through (never the "more?" question)."""
        questions = [q for q in self.plan(self.answers_for_adding(answers, part_key)) + self.extras()
                     if q.part == part_key and not q.kind.endswith(".more")]
        if part_key.startswith("declarations."):
            # The detail question follows the answer given in this very walk.
            questions = [q for q in self.plan(answers) if q.part == part_key] or questions
        return questions

    def answers_for_adding(self, answers: Answers, part_key: str) -> dict[str, str | None]:
        """Answers as they must be for part_key to exist: adding item k means "more" after k-1."""
        result = dict(answers)
        head, _, last = part_key.rpartition(".")
        if last.isdigit() and int(last) > 1 and (head.endswith(".problems") or head in LISTS):
            previous = f"{head}.{int(last) - 1}.more"
            if result.get(previous) != YES:
                result[previous] = YES
        return result
