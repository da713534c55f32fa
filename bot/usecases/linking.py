"""/link: which problems each measure answers, marked by the official (/check uses the pairs).

A mark joins two items by their ids, so it follows both when either moves.
"""

from __future__ import annotations

from bot import texts
from bot.draft.tidy import tidy
from bot.material.changes import ChangeSet
from bot.material.layout import place
from bot.texts import linking as T
from bot.usecases.asking import ask_again, choose_profile
from bot.usecases.replies import Button, Reply, replace_reply
from bot.usecases.scope import Scope

_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def positional_links(scope: Scope) -> dict[int, frozenset[str]]:
    """The marks by position, as the reviewer reads them: {measure k: {"themes.2.problems.1", …}}."""
    if scope.material is None or scope.layout is None:
        return {}
    found: dict[int, set[str]] = {}
    for measure, problem in scope.repo.links(scope.material):
        where = scope.layout.position_key(f"measures.{measure}")
        ref = scope.layout.position_key(problem)
        if where is None or ref is None:
            continue  # an item removed (kept for undo): its marks wait with it
        found.setdefault(int(where.split(".")[1]), set()).add(ref)
    return {k: frozenset(v) for k, v in found.items()}


def problems(scope: Scope) -> list[tuple[str, str, str]]:
    """(positional ref, number as /edit takes it, title) of every problem written so far."""
    assert scope.interview is not None
    found = []
    for section in scope.interview.sections:
        if not section.key.startswith("themes."):
            continue
        k = 1
        while (title := scope.answers.get(f"{section.key}.problems.{k}.title")) is not None:
            found.append((f"{section.key}.problems.{k}", f"{section.number}.{k}", tidy(title, final_stop=False)))
            k += 1
    return found


def _toggle(scope: Scope, measure: int, ref: str) -> None:
    """Mark or unmark (measure k, positional problem ref) as one change."""
    assert scope.material is not None and scope.layout is not None
    measure_key = scope.layout.stored_key(f"measures.{measure}")
    problem_key = scope.layout.stored_key(ref)
    if measure_key is None or problem_key is None:
        return
    pair = (int(measure_key.split(".")[1]), problem_key)
    links = scope.repo.links(scope.material)
    links = links - {pair} if pair in links else links | {pair}
    change = ChangeSet("link", measure_key)
    scope.relink(change, links)
    scope.finish(change)


def picker(scope: Scope, measure: int) -> Reply:
    """The problems as buttons: which of them does measure k answer?"""
    title = tidy(scope.answers.get(f"measures.{measure}.title") or "", final_stop=False)
    linked = positional_links(scope).get(measure, frozenset())
    rows = tuple(
        (Button(f"{'✅' if ref in linked else '▫️'} {number} {title_[:18]}", "lk",
                f"{measure}:{ref.split('.')[1]}.{ref.split('.')[3]}", f"/link {measure} {number}"),)
        for ref, number, title_ in problems(scope))
    done = ((Button(T.DONE, "lk", f"{measure}:ok", "/link"),),)
    return Reply(T.PICKER.format(measure=measure, title=title), rows + done)


def summary(scope: Scope, measure: int) -> str:
    linked = positional_links(scope).get(measure, frozenset())
    chosen = [f"{number} {title}" for ref, number, title in problems(scope) if ref in linked]
    if not chosen:
        return T.NONE.format(measure=measure)
    return T.SOME.format(measure=measure, problems="；".join(chosen))


def link(scope: Scope, args: str = "") -> list[Reply]:
    """/link: the marks of every measure; /link N shows measure N's buttons; /link N 2.1 toggles one."""
    if scope.material is None or scope.interview is None:
        return [choose_profile(scope.deps, texts.NO_DRAFT)]
    words = args.translate(_DIGITS).split()
    measures = [k for k in range(1, 100) if scope.answers.get(f"measures.{k}.title") is not None]
    if not measures:
        return [Reply(T.NO_MEASURES)]
    if not words:
        linked = positional_links(scope)
        lines = [summary(scope, k) for k in measures]
        answered = set().union(*linked.values()) if linked else set()
        open_problems = [number for ref, number, _ in problems(scope) if ref not in answered]
        if open_problems:
            lines.append(T.OPEN_PROBLEMS.format(numbers="、".join(open_problems)))
        lines.append(T.FOOT)
        again = ask_again(scope)
        return [Reply("\n".join(lines))] + ([again] if again is not None else [])
    first = words[0]
    if not (first.isascii() and first.isdigit()) or int(first) not in measures:
        return [Reply(T.NO_SUCH_MEASURE.format(measure=first[:8], count=len(measures)))]
    measure = int(first)
    for number in words[1:]:
        ref = next((r for r, n, _ in problems(scope) if n == number), None)
        if ref is None:
            return [Reply(T.NO_SUCH_PROBLEM.format(number=number[:8]))]
        _toggle(scope, measure, ref)
    if words[1:]:
        return [Reply(summary(scope, measure))]
    return [picker(scope, measure)]


def link_press(scope: Scope, arg: str) -> list[Reply]:
    """A problem button under a measure ("k:aspect.item"): mark or unmark it; "k:ok" closes the buttons."""
    measure, _, problem = arg.partition(":")
    if scope.material is None or scope.interview is None or not (measure.isascii() and measure.isdigit()):
        return [Reply(texts.STALE_BUTTON)]
    k = int(measure)
    if scope.answers.get(f"measures.{k}.title") is None:
        return [Reply(texts.STALE_BUTTON)]
    if problem == "ok":
        return [Reply(summary(scope, k), replace=True)]
    aspect, _, item = problem.partition(".")
    ref = f"themes.{aspect}.problems.{item}"
    if place(ref) is None or ref not in {r for r, _, _ in problems(scope)}:
        return [Reply(texts.STALE_BUTTON)]
    _toggle(scope, k, ref)
    return [replace_reply(picker(scope, k))]
