"""The interview engine: pure functions over a profile and the stored answers.

Nothing here knows about Telegram or SQL. Where a user stands is never kept in
memory: it is recomputed from the answers (and the draft's focus) on every call,
so any process can serve any update.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from bot.draft.lead_ins import strip_item_number
from bot.draft.numerals import chinese_number
from bot.draft.tidy import char_count, tidy
from bot.interview.mapping import ContentMapping
from bot.interview.parts import PartsMixin
from bot.interview.questions import (
    FIXED_PARTS,
    LIST_BY_KIND,
    LISTS,
    NO,
    NO_WORDS,
    TYPED_COUNT,
    YES,
    YES_WORDS,
    Answers,
    Choice,
    InterviewError,
    Part,
    Progress,
    Question,
    Section,
    Verdict,
)
from bot.profiles.model import Bounds, Profile

__all__ = ["NO", "YES", "Answers", "Choice", "Interview", "InterviewError", "Part", "Progress", "Question",
           "Section", "Verdict"]


# Answers that shape the plan, by the end of their question id (keeps_plan says the same).
_SHAPING = (".more", ".answer")
# Plans kept per interview, by shape: an interview has a few dozen shapes in practice (how many
# items each list has, which declarations are answered yes), each a list of ~100 shared questions.
_PLANS_KEPT = 512


class Interview(PartsMixin, ContentMapping):
    """The questions a profile asks and how answers move the official through them."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        wording = profile.wording
        sections = [Section(1, "author", "基本信息")]

        def add(key: str, title: str) -> None:
            sections.append(Section(len(sections) + 1, key, title))

        if profile.options:
            add("options", "材料格式")
        if profile.preamble_counts:
            add("counts", wording.counts_title)
        if profile.rectification_place == "preamble":
            add("rectification", wording.rectification_heading)
        for part in profile.layout.parts:
            if part == "problems":
                for index in range(1, len(profile.aspects) + 1):
                    add(f"themes.{index}", f"{wording.problems_heading}（{chinese_number(index)}）"
                        f"{profile.aspect_short(index - 1)}")
                if profile.declarations:
                    add("declarations", _strip_colon(wording.declarations_heading))
            elif part in FIXED_PARTS:
                add(part, {"rectification": wording.rectification_heading, "case": wording.case_heading,
                           "causes": wording.causes_heading, "measures": wording.measures_heading}[part])
            else:  # a part of the profile's own (layout.parts), one question
                add(f"free.{part}", profile.free_part(part).heading)
        sections.append(Section(len(sections) + 1, "extras", "标题、开头和结尾（可选）", in_flow=False))
        self.sections: tuple[Section, ...] = tuple(sections)
        self._section_by_key = {s.key: s for s in sections}
        # A question's id fixes everything about it (kind, section, part, numbering, the
        # aspect it names) except the item title some prompts quote, so questions that quote
        # nothing are built once per interview and shared. The plan is walked several times
        # per update; building ~100 questions each time was most of an update's cost. This
        # holds profile wording only, bounded by the profile's counts, never a user's text.
        self._built: dict[str, Question] = {}
        # Whether some prompt quotes an item's title (then a title answer changes the plan).
        self._quotes_titles = any("{measure}" in text.prompt for text in profile.questions.values())
        self._plans: dict[tuple[tuple[str, str | None], ...], list[Question]] = {}

    # ---- questions -------------------------------------------------------------------

    def _question(self, qid: str, kind: str, section_key: str, part: str, quoted: str | None = None,
                  **fmt: str) -> Question:
        """The question `qid`; `quoted` is the item's title, for prompts that quote it ({measure})."""
        built = self._built.get(qid)
        if built is not None:
            return built
        text = self.profile.question_text(kind)
        quotes = "{measure}" in text.prompt
        if quotes:
            # Tidied only when the prompt shows it: tidy is the costly part of a question.
            fmt["measure"] = tidy(quoted, final_stop=False) if quoted else ""
        prompt = text.prompt.format_map(_Defaults(fmt))
        choices: tuple[Choice, ...] = ()
        if kind == "declaration.answer":
            choices = (Choice(YES, "有", YES_WORDS), Choice(NO, "没有", NO_WORDS))
        elif kind.endswith(".more"):
            spec = LIST_BY_KIND[kind.split(".")[0]]
            choices = (Choice(YES, f"再写一{spec.unit}{spec.noun}", YES_WORDS),
                       Choice(NO, "这部分写完了", NO_WORDS))
        question = Question(
            id=qid, kind=kind, section=self._section_by_key[section_key].number, part=part,
            prompt=prompt, hint=text.hint, required=text.required or bool(choices),
            min_length=text.min_length, max_length=text.max_length, choices=choices,
        )
        if not quotes:
            self._built[qid] = question
        return question

    def _repeated(self, answers: Answers, prefix: str, list_key: str, section_key: str,
                  **fmt: str) -> Iterator[Question]:
        spec = LISTS[list_key]
        bounds: Bounds = getattr(self.profile.counts, list_key)
        k = 1
        while True:
            part = f"{prefix}.{k}"
            title = answers.get(f"{part}.title")
            ordinal: dict[str, str] | None = None  # built only for a question not built before
            fields = spec.fields
            if list_key == "rectification" and self.profile.layout.rectification.style == "summary" \
                    and not self.profile.options:
                fields = ("title",)  # a one-sentence summary names last year's problems only
            for name in (*fields, "more") if bounds.min <= k < bounds.max else fields:
                qid = f"{part}.{name}"
                question = self._built.get(qid)
                if question is None:
                    ordinal = ordinal or {"n": chinese_number(k), "number": str(k), **fmt}
                    question = self._question(qid, f"{spec.kind}.{name}", section_key, part, title, **ordinal)
                yield question
            if k >= bounds.max or (k >= bounds.min and answers.get(f"{part}.more") != YES):
                return
            k += 1

    def plan(self, answers: Answers) -> list[Question]:
        """Every question the interview asks, given what has been answered so far.

        The plan reads only the answers that shape it (see `keeps_plan`): "one more?", a
        declaration's yes/no, and, in a profile whose prompts quote them, item titles. Unless
        titles are quoted, plans are kept by the values of the shaping answers (a handful of
        yes/no words per official: no text anyone wrote), so the walk is done once per shape.
        """
        if self._quotes_titles:
            return list(self._plan(answers))
        shape = tuple(sorted((key, value) for key, value in answers.items()
                             if key.endswith(_SHAPING) or key.startswith("options.")))
        found = self._plans.get(shape)
        if found is None:
            found = list(self._plan(answers))
            if len(self._plans) >= _PLANS_KEPT:
                self._plans.clear()  # a bound, never reached in practice; clear() is atomic for threads
            self._plans[shape] = found
        return list(found)

    def keeps_plan(self, qid: str) -> bool:
        """Whether answering `qid` leaves the plan as it was (the same questions, same prompts).

        The plan reads only three kinds of answer: "one more?" (a list grows), a declaration's
        yes/no (its detail is asked) and, where a prompt quotes it, an item's title. Any other
        answer to a question already in the plan changes nothing, so a caller holding the plan
        from before the answer may keep it rather than walk the interview again.
        """
        name = qid.rsplit(".", 1)[-1]
        if name in ("more", "answer"):
            return False
        return not (name == "title" and self._quotes_titles)


    def _plan(self, answers: Answers) -> Iterator[Question]:
        for section in self.sections:
            if section.in_flow:
                yield from self._section_questions(section.key, answers)

    def _section_questions(self, key: str, answers: Answers) -> Iterator[Question]:
        profile = self.profile
        if key == "author":
            # A team's material has no personal position or name: only the team's name is asked.
            kinds = ("author.unit",) if profile.voice == "team" else ("author.position", "author.name",
                                                                     "author.unit")
            for kind in kinds:
                yield self._question(kind, kind, "author", "author")
        elif key == "options":
            yield from self._options()
        elif key.startswith("free."):
            free = profile.free_part(key.split(".", 1)[1])
            yield self._built.setdefault(key, Question(
                id=key, kind="free", section=self._section_by_key[key].number, part=key, prompt=free.prompt,
                hint=free.hint, required=free.required, min_length=2, max_length=3000))
        elif key == "counts":
            for count in profile.preamble_counts:
                qid = f"counts.{count.id}"
                yield Question(id=qid, kind="count", section=self._section_by_key[key].number, part=qid,
                               prompt=count.question, hint=count.hint, required=True, min_length=1,
                               max_length=12, max_value=count.max)
        elif key.startswith("themes."):
            index = int(key.split(".")[1])
            fmt = {"aspect": profile.aspects[index - 1], "short": profile.aspect_short(index - 1)}
            form = profile.aspect_form(index - 1)
            if form.prose:  # the aspect is one passage: it is its own lead, and required
                yield self._question(f"{key}.lead", "theme.prose", key, f"{key}.lead", **fmt)
                return
            if form.lead:
                yield self._question(f"{key}.lead", "theme.lead", key, f"{key}.lead", **fmt)
            yield from self._repeated(answers, f"{key}.problems", "problems", key, **fmt)
        elif key == "declarations":
            for number, declaration in enumerate(profile.declarations, start=1):
                part = f"declarations.{declaration.id}"
                yield self._question(f"{part}.answer", "declaration.answer", key, part,
                                     number=str(number), matter=declaration.question)
                if answers.get(f"{part}.answer") == YES:
                    yield self._question(f"{part}.detail", "declaration.detail", key, part)
        elif key == "case":
            yield self._question("case.title", "case.title", key, "case")
            yield self._question("case.detail", "case.detail", key, "case")
        else:  # causes, measures, rectification
            yield from self._repeated(answers, key, key, key)

    def _options(self) -> Iterator[Question]:
        number = self._section_by_key["options"].number
        for option in self.profile.options:
            qid = f"options.{option.id}"
            default = option.choice(None).label
            yield self._built.setdefault(qid, Question(
                id=qid, kind="option", section=number, part=qid, prompt=option.question,
                hint=f"{option.hint}（通常写法：{default}；以后可随时修改）", required=True, min_length=1,
                max_length=40,
                choices=tuple(Choice(c.id, c.label, (str(i),)) for i, c in enumerate(option.choices, start=1))))

    def extras(self) -> list[Question]:
        """Optional overrides reached only through /edit."""
        return [self._question(kind, kind, "extras", kind) for kind in ("title", "preamble", "closing")]

    def question(self, answers: Answers, qid: str) -> Question | None:
        for q in self.plan(answers) + self.extras():
            if q.id == qid:
                return q
        return None

    # ---- position --------------------------------------------------------------------

    def current(self, answers: Answers, focus: str | None = None,
                plan: list[Question] | None = None) -> Question | None:
        """The question to ask now: the focused one, else the first unanswered.

        plan: `self.plan(answers)` when the caller already has it (it is the costly part).
        """
        if plan is None:
            plan = self.plan(answers)
        if focus is not None:
            for q in plan + self.extras():
                if q.id == focus:
                    return q
        for q in plan:
            if q.id not in answers:
                return q
        return None

    def next_focus(self, answers: Answers, answered: str, focus_part: str | None) -> str | None:
        """Where an edit walk goes after `answered`: the next question of the part, or back to the flow."""
        if focus_part is None:
            return None
        questions = self.part_questions(answers, focus_part)
        ids = [q.id for q in questions]
        if answered in ids and ids.index(answered) + 1 < len(ids):
            return ids[ids.index(answered) + 1]
        return None

    def previous(self, answers: Answers, focus: str | None) -> Question | None:
        """The question before the current one, for /back."""
        plan = self.plan(answers)
        current = self.current(answers, focus, plan)
        if current is None:
            return plan[-1] if plan else None
        ids = [q.id for q in plan]
        if current.id not in ids:
            return None
        index = ids.index(current.id)
        return plan[index - 1] if index > 0 else None

    def progress(self, answers: Answers, focus: str | None = None,
                 plan: list[Question] | None = None) -> Progress:
        if plan is None:
            plan = self.plan(answers)
        flow_sections = [s for s in self.sections if s.in_flow]
        answered = sum(1 for q in plan if q.id in answers)
        current = self.current(answers, focus, plan)
        if current is None or current.section > len(flow_sections):
            return Progress(len(flow_sections), len(flow_sections), 0, 0, answered, len(plan),
                            current is None, flow_sections[-1].title)
        in_section = [q for q in plan if q.section == current.section]
        ids = [q.id for q in in_section]
        position = ids.index(current.id) + 1 if current.id in ids else 1
        return Progress(current.section, len(flow_sections), position, len(in_section), answered,
                        len(plan), False, self.sections[current.section - 1].title)

    # ---- validation ------------------------------------------------------------------

    def check(self, question: Question, text: str) -> Verdict:
        """Is this a usable answer to the question? Returns what to store or why not."""
        if question.max_value is not None:
            return self._check_number(question, text)
        if question.is_choice:
            value = self.parse_choice(question, text)
            if value is None:
                labels = "”或“".join(c.label for c in question.choices)
                return Verdict(False, error=f"请点击下方按钮，或回复“{labels}”。")
            return Verdict(True, value)
        if question.kind.endswith(".title"):
            # The list numbers its items: "一是……" typed as a title would print "一是一是……".
            text = strip_item_number(text)
        cleaned = tidy(text, final_stop=False)
        if not cleaned:
            return Verdict(False, error="回答不能为空，请输入文字内容。")
        length = char_count(cleaned)
        if length < question.min_length:
            return Verdict(False, error=f"回答过短（{length}字），"
                           f"这一项至少需要{question.min_length}字，请再充实一些。")
        if length > question.max_length:
            return Verdict(False, error=f"回答过长（{length}字），"
                           f"这一项最多{question.max_length}字，请精简后重新发送。")
        return Verdict(True, _storable(text))

    @staticmethod
    def _check_number(question: Question, text: str) -> Verdict:
        assert question.max_value is not None
        typed = "".join(unicodedata.normalize("NFKC", text).split())
        match = TYPED_COUNT.match(typed)
        if match is None:
            return Verdict(False, error="请只填写一个数字（阿拉伯数字），如 5。")
        value = int(match.group(1))
        if value > question.max_value:
            return Verdict(False, error=f"数字过大（{value}），这一项最多为{question.max_value}。")
        return Verdict(True, f"{value}余" if match.group(2) else str(value))

    @staticmethod
    def parse_choice(question: Question, text: str) -> str | None:
        word = text.strip().lower().rstrip("。.!！")
        for choice in question.choices:
            if word == choice.value or word == choice.label.lower() or word in choice.words:
                return choice.value
        return None


class _Defaults(dict[str, str]):
    """format_map that leaves unknown placeholders visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _strip_colon(text: str) -> str:
    return text.rstrip("：:")


# Control characters (other than tab and newline) and lone surrogates: invisible, and
# PostgreSQL cannot store NUL or UTF-8 encode a surrogate. The words are kept as typed.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _storable(text: str) -> str:
    return _UNSTORABLE.sub("", text).strip()
