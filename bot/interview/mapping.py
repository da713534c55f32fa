"""Between stored answers and the material's content: what the renderer reads, what an import stores.

A mixin of the Interview (bot/interview/engine.py): it needs the profile and the plan only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from bot.draft.content import Author, Case, DraftContent, Item, Rectification, ThemeContent
from bot.draft.tidy import tidy
from bot.interview.questions import COUNT_VALUE, LISTS, NO, YES, Answers, Question
from bot.profiles.model import Bounds, Profile


class ContentMapping:
    """content() and answers_from_content() over the interview's plan."""

    profile: Profile

    def plan(self, answers: Answers) -> list[Question]:
        raise NotImplementedError


    def content(self, answers: Answers) -> DraftContent:
        """What the official has written so far, in the shape the renderer expects."""
        profile = self.profile
        plan_ids = {q.id for q in self.plan(answers)}

        def text(qid: str) -> str | None:
            value = answers.get(qid) if qid in plan_ids or qid in ("title", "preamble", "closing") else None
            return value if value else None

        def numbered(prefix: str) -> Iterator[int]:
            k = 1
            while f"{prefix}.{k}.title" in plan_ids:
                if text(f"{prefix}.{k}.title"):
                    yield k
                k += 1

        def items(prefix: str) -> tuple[Item, ...]:
            return tuple(Item(text(f"{prefix}.{k}.title") or "", text(f"{prefix}.{k}.detail") or "",
                              text(f"{prefix}.{k}.example")) for k in numbered(prefix))

        themes = tuple(
            ThemeContent(text(f"themes.{i}.lead"), items(f"themes.{i}.problems"))
            for i in range(1, len(profile.aspects) + 1)
        )
        declarations: list[str] = []
        for declaration in profile.declarations:
            answer = answers.get(f"declarations.{declaration.id}.answer")
            if answer == NO:
                declarations.append(declaration.if_no)
            elif answer == YES:
                detail = text(f"declarations.{declaration.id}.detail")
                if detail:
                    declarations.append(declaration.if_yes.replace("{detail}", detail))
        counts: dict[str, int | str] = {
            c.id: int(value) if value.isdigit() else value for c in profile.preamble_counts
            if (value := text(f"counts.{c.id}")) is not None and COUNT_VALUE.match(value)}
        rectification = tuple(
            Rectification(text(f"rectification.{k}.title") or "", text(f"rectification.{k}.done") or "",
                          text(f"rectification.{k}.remaining")) for k in numbered("rectification"))
        case_title = text("case.title")
        free = {p.key: value for p in profile.free_parts if (value := text(f"free.{p.key}"))}
        options = {o.id: value for o in profile.options if (value := text(f"options.{o.id}"))}
        return DraftContent(
            profile_id=profile.id,
            author=Author(text("author.position"), text("author.name"), text("author.unit")),
            title=text("title"),
            preamble=text("preamble"),
            themes=themes,
            declarations=tuple(declarations),
            causes=items("causes"),
            measures=items("measures"),
            closing=text("closing"),
            counts=counts,
            rectification=rectification,
            case=Case(case_title, text("case.detail") or "") if case_title else None,
            free=free,
            options=options,
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
        for count_id, value in content.counts.items():
            result[f"counts.{count_id}"] = str(value)
        for free_key, text in content.free.items():
            put(f"free.{free_key}", text)
        for option_id, choice in content.options.items():
            put(f"options.{option_id}", choice)

        def put_items(prefix: str, list_key: str, found: Sequence[Mapping[str, str | None]]) -> None:
            bounds: Bounds = getattr(self.profile.counts, list_key)
            for k, fields in enumerate(found, start=1):
                for name in LISTS[list_key].fields:
                    put(f"{prefix}.{k}.{name}", fields.get(name))
                if bounds.min <= k < bounds.max:
                    result[f"{prefix}.{k}.more"] = YES if k < len(found) else NO

        def as_fields(found: tuple[Item, ...]) -> list[dict[str, str | None]]:
            return [{"title": i.title, "detail": i.detail, "example": i.example} for i in found]

        put_items("rectification", "rectification", [
            {"title": r.title, "done": r.done, "remaining": r.remaining} for r in content.rectification])
        for index, theme in enumerate(content.themes, start=1):
            put(f"themes.{index}.lead", theme.lead)
            put_items(f"themes.{index}.problems", "problems", as_fields(theme.problems))
        # An answers file may hold fewer sentences than matters (a draft in progress).
        for declaration, sentence in zip(self.profile.declarations, content.declarations, strict=False):
            part = f"declarations.{declaration.id}"
            if _same_sentence(sentence, declaration.if_no):
                result[f"{part}.answer"] = NO
            else:
                result[f"{part}.answer"] = YES
                result[f"{part}.detail"] = _unwrap(declaration.if_yes, sentence)
        if content.case is not None:
            put("case.title", content.case.title)
            put("case.detail", content.case.detail)
        put_items("causes", "causes", as_fields(content.causes))
        put_items("measures", "measures", as_fields(content.measures))
        return result

    def prefill(self, list_key: str, titles: Sequence[str]) -> dict[str, str | None]:
        """Answers that fill in the titles of a list ahead of the interview.

        The hook for carrying items over: last year's measures become this year's
        上年度整改落实情况 items (list_key "rectification"), so the official is asked
        only what was done and what remains for each. Store the result as answers.
        """
        if list_key not in ("rectification", "causes", "measures"):
            raise ValueError(f"cannot prefill {list_key!r}")
        bounds: Bounds = getattr(self.profile.counts, list_key)
        chosen = [t for t in titles if t and t.strip()][: bounds.max]
        result: dict[str, str | None] = {}
        for k, title in enumerate(chosen, start=1):
            result[f"{list_key}.{k}.title"] = title.strip()
            if bounds.min <= k < bounds.max:
                result[f"{list_key}.{k}.more"] = YES if k < len(chosen) else NO
        return result


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
