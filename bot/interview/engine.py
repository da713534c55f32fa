"""The interview engine: pure functions over a profile and the stored answers.

Nothing here knows about Telegram or SQL. Where a user stands is never kept in
memory: it is recomputed from the answers (and the draft's focus) on every call,
so any process can serve any update.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from bot.draft.content import Author, DraftContent, Item, ThemeContent
from bot.draft.numerals import chinese_number
from bot.draft.tidy import char_count, tidy
from bot.profiles.model import Bounds, Profile

# question id -> the text typed, or None when the official skipped it.
Answers = Mapping[str, str | None]

YES = "yes"
NO = "no"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    words: tuple[str, ...]  # typed words that mean this choice (console, lazy thumbs)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    section: int  # 1-based number of the section it belongs to
    part: str  # the unit /edit rewrites: "author", "themes.2.problems.1", "causes.3" ...
    prompt: str
    hint: str
    required: bool
    min_length: int
    max_length: int
    choices: tuple[Choice, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)


@dataclass(frozen=True)
class Section:
    number: int
    key: str  # "author", "themes.1" … "themes.N", "declarations", "causes", "measures", "extras"
    title: str
    in_flow: bool = True  # extras (title, preamble, closing overrides) are reached by /edit only


@dataclass(frozen=True)
class Part:
    """One thing /edit N.M rewrites."""

    key: str
    label: str
    number: str  # "2.1" as the official types it
    adds: bool = False  # /edit of this part adds a new item


@dataclass(frozen=True)
class Progress:
    section: int  # 1-based; equals sections when done
    sections: int
    question: int  # 1-based within the section
    questions: int
    answered: int
    total: int
    done: bool
    section_title: str

    @property
    def percent(self) -> int:
        return 100 if self.done or not self.total else min(99, self.answered * 100 // self.total)


class InterviewError(ValueError):
    """Something the official asked for that cannot be done; the message is Chinese."""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    value: str | None = None  # what to store (stripped text, or a choice value)
    error: str | None = None


_PLAN_CACHE_SIZE = 512

_YES_WORDS = ("是", "有", "要", "再写", "继续", "好", "y", "yes", "1")
_NO_WORDS = ("否", "没有", "无", "不", "不要", "不用", "写完了", "完成", "n", "no", "2")


class Interview:
    """The questions a profile asks and how answers move the official through them."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        aspects = profile.aspects
        sections = [Section(1, "author", "基本信息")]
        for index, aspect in enumerate(aspects, start=1):
            sections.append(Section(len(sections) + 1, f"themes.{index}",
                                    f"{profile.wording.problems_heading}（{chinese_number(index)}）{aspect}"))
        sections.append(Section(len(sections) + 1, "declarations", _strip_colon(
            profile.wording.declarations_heading)))
        sections.append(Section(len(sections) + 1, "causes", profile.wording.causes_heading))
        sections.append(Section(len(sections) + 1, "measures", profile.wording.measures_heading))
        sections.append(Section(len(sections) + 1, "extras", "标题、开头和结尾（可选）", in_flow=False))
        self.sections: tuple[Section, ...] = tuple(sections)
        self._section_by_key = {s.key: s for s in sections}
        # Plans already built, by the answers that shape them (see plan()). Bounded: a few
        # hundred shapes exist per profile; nothing here is per user.
        self._plans: dict[frozenset[str], tuple[Question, ...]] = {}

    # ---- questions -------------------------------------------------------------------

    def _question(self, qid: str, kind: str, section_key: str, part: str, **fmt: str) -> Question:
        text = self.profile.question_text(kind)
        prompt = text.prompt.format_map(_Defaults(fmt))
        choices: tuple[Choice, ...] = ()
        if kind == "declaration.answer":
            choices = (Choice(YES, "有", _YES_WORDS), Choice(NO, "没有", _NO_WORDS))
        elif kind.endswith(".more"):
            what = {"problem": "问题", "cause": "原因", "measure": "措施"}[kind.split(".")[0]]
            unit = "个" if what == "问题" else "条"
            choices = (Choice(YES, f"再写一{unit}{what}", _YES_WORDS),
                       Choice(NO, "这部分写完了", _NO_WORDS))
        return Question(
            id=qid, kind=kind, section=self._section_by_key[section_key].number, part=part,
            prompt=prompt, hint=text.hint, required=text.required or bool(choices),
            min_length=text.min_length, max_length=text.max_length, choices=choices,
        )

    def _repeated(self, answers: Answers, prefix: str, kind: str, section_key: str,
                  bounds: Bounds, with_example: bool, **fmt: str) -> Iterator[Question]:
        k = 1
        while True:
            part = f"{prefix}.{k}"
            ordinal = {"n": chinese_number(k), "number": str(k), **fmt}
            yield self._question(f"{part}.title", f"{kind}.title", section_key, part, **ordinal)
            yield self._question(f"{part}.detail", f"{kind}.detail", section_key, part, **ordinal)
            if with_example:
                yield self._question(f"{part}.example", f"{kind}.example", section_key, part, **ordinal)
            if k >= bounds.max:
                return
            if k >= bounds.min:
                yield self._question(f"{part}.more", f"{kind}.more", section_key, part, **ordinal)
                if answers.get(f"{part}.more") != YES:
                    return
            k += 1

    def plan(self, answers: Answers) -> list[Question]:
        """Every question the interview asks, given what has been answered so far."""
        # The plan depends on the answers only through which of them say "yes" (one more
        # item, a declaration to explain), so it is built once per such set: building it
        # costs ~0.4 ms and each update needs it several times.
        key = frozenset(qid for qid, value in answers.items() if value == YES)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= _PLAN_CACHE_SIZE:
                self._plans.clear()
            plan = self._plans[key] = tuple(self._plan(answers))
        return list(plan)

    def _plan(self, answers: Answers) -> Iterator[Question]:
        for kind in ("author.position", "author.name", "author.unit"):
            yield self._question(kind, kind, "author", "author")
        counts = self.profile.counts
        for index, aspect in enumerate(self.profile.aspects, start=1):
            key = f"themes.{index}"
            yield self._question(f"{key}.lead", "theme.lead", key, f"{key}.lead", aspect=aspect)
            yield from self._repeated(answers, f"{key}.problems", "problem", key, counts.problems,
                                      True, aspect=aspect)
        for number, declaration in enumerate(self.profile.declarations, start=1):
            part = f"declarations.{declaration.id}"
            yield self._question(f"{part}.answer", "declaration.answer", "declarations", part,
                                 number=str(number), matter=declaration.question)
            if answers.get(f"{part}.answer") == YES:
                yield self._question(f"{part}.detail", "declaration.detail", "declarations", part)
        yield from self._repeated(answers, "causes", "cause", "causes", counts.causes, False)
        yield from self._repeated(answers, "measures", "measure", "measures", counts.measures, False)

    def extras(self) -> list[Question]:
        """Optional overrides reached only through /edit."""
        return [self._question(kind, kind, "extras", kind) for kind in ("title", "preamble", "closing")]

    def question(self, answers: Answers, qid: str) -> Question | None:
        for q in self.plan(answers) + self.extras():
            if q.id == qid:
                return q
        return None

    # ---- position --------------------------------------------------------------------

    def current(self, answers: Answers, focus: str | None = None) -> Question | None:
        """The question to ask now: the focused one, else the first unanswered."""
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
        current = self.current(answers, focus)
        if current is None:
            return plan[-1] if plan else None
        ids = [q.id for q in plan]
        if current.id not in ids:
            return None
        index = ids.index(current.id)
        return plan[index - 1] if index > 0 else None

    def progress(self, answers: Answers, focus: str | None = None) -> Progress:
        plan = self.plan(answers)
        flow_sections = [s for s in self.sections if s.in_flow]
        answered = sum(1 for q in plan if q.id in answers)
        current = self.current(answers, focus)
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
        if question.is_choice:
            value = self.parse_choice(question, text)
            if value is None:
                labels = "”或“".join(c.label for c in question.choices)
                return Verdict(False, error=f"请点击下方按钮，或回复“{labels}”。")
            return Verdict(True, value)
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
        return Verdict(True, text.strip())

    @staticmethod
    def parse_choice(question: Question, text: str) -> str | None:
        word = text.strip().lower().rstrip("。.!！")
        for choice in question.choices:
            if word == choice.value or word == choice.label.lower() or word in choice.words:
                return choice.value
        return None

    # ---- sections and parts ----------------------------------------------------------

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
        parts: list[Part] = []
        if section.key.startswith("themes."):
            parts.append(Part(f"{section.key}.lead", "开头段（做到了什么及转折）", f"{number}.0"))
            prefix, bounds, noun = f"{section.key}.problems", self.profile.counts.problems, "问题"
        else:
            prefix = section.key
            bounds = getattr(self.profile.counts, section.key)
            noun = "原因" if section.key == "causes" else "措施"
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
        if last.isdigit() and int(last) > 1 and (head.endswith(".problems") or head in ("causes", "measures")):
            previous = f"{head}.{int(last) - 1}.more"
            if result.get(previous) != YES:
                result[previous] = YES
        return result

    # ---- assembly --------------------------------------------------------------------

    def content(self, answers: Answers) -> DraftContent:
        """What the official has written so far, in the shape the renderer expects."""
        plan_ids = {q.id for q in self.plan(answers)}

        def text(qid: str) -> str | None:
            value = answers.get(qid) if qid in plan_ids or qid in ("title", "preamble", "closing") else None
            return value if value else None

        def items(prefix: str) -> tuple[Item, ...]:
            found: list[Item] = []
            k = 1
            while f"{prefix}.{k}.title" in plan_ids:
                title = text(f"{prefix}.{k}.title")
                if title:
                    found.append(Item(title, text(f"{prefix}.{k}.detail") or "",
                                      text(f"{prefix}.{k}.example")))
                k += 1
            return tuple(found)

        themes = tuple(
            ThemeContent(text(f"themes.{i}.lead"), items(f"themes.{i}.problems"))
            for i in range(1, len(self.profile.aspects) + 1)
        )
        declarations: list[str] = []
        for declaration in self.profile.declarations:
            answer = answers.get(f"declarations.{declaration.id}.answer")
            if answer == NO:
                declarations.append(declaration.if_no)
            elif answer == YES:
                detail = text(f"declarations.{declaration.id}.detail")
                if detail:
                    declarations.append(declaration.if_yes.replace("{detail}", detail))
        return DraftContent(
            profile_id=self.profile.id,
            author=Author(text("author.position"), text("author.name"), text("author.unit")),
            title=text("title"),
            preamble=text("preamble"),
            themes=themes,
            declarations=tuple(declarations),
            causes=items("causes"),
            measures=items("measures"),
            closing=text("closing"),
        )

    def answers_from_content(self, content: DraftContent) -> dict[str, str | None]:
        """The stored answers that reproduce an imported answers file."""
        result: dict[str, str | None] = {}

        def put(qid: str, value: str | None) -> None:
            result[qid] = value if value else None

        put("author.position", content.author.position)
        put("author.name", content.author.name)
        put("author.unit", content.author.unit)
        for key in ("title", "preamble", "closing"):
            if getattr(content, key):
                result[key] = getattr(content, key)

        def put_items(prefix: str, found: tuple[Item, ...], bounds: Bounds, example: bool) -> None:
            for k, item in enumerate(found, start=1):
                put(f"{prefix}.{k}.title", item.title)
                put(f"{prefix}.{k}.detail", item.detail)
                if example:
                    put(f"{prefix}.{k}.example", item.example)
                if bounds.min <= k < bounds.max:
                    result[f"{prefix}.{k}.more"] = YES if k < len(found) else NO

        for index, theme in enumerate(content.themes, start=1):
            put(f"themes.{index}.lead", theme.lead)
            put_items(f"themes.{index}.problems", theme.problems, self.profile.counts.problems, True)
        # An answers file may hold fewer sentences than matters (a draft in progress).
        for declaration, sentence in zip(self.profile.declarations, content.declarations, strict=False):
            part = f"declarations.{declaration.id}"
            if _same_sentence(sentence, declaration.if_no):
                result[f"{part}.answer"] = NO
            else:
                result[f"{part}.answer"] = YES
                result[f"{part}.detail"] = _unwrap(declaration.if_yes, sentence)
        put_items("causes", content.causes, self.profile.counts.causes, False)
        put_items("measures", content.measures, self.profile.counts.measures, False)
        return result


class _Defaults(dict[str, str]):
    """format_map that leaves unknown placeholders visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _strip_colon(text: str) -> str:
    return text.rstrip("：:")


def _same_sentence(a: str, b: str) -> bool:
    return tidy(a) == tidy(b)


def _unwrap(template: str, sentence: str) -> str:
    """Recover {detail} from a sentence built by the profile's if_yes template."""
    head, _, tail = template.partition("{detail}")
    text = sentence
    if head and text.startswith(head):
        text = text[len(head):]
    if tail and text.endswith(tail):
        text = text[: -len(tail)]
    return text
