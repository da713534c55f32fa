"""Starting: /start, choosing a meeting and creating a material, carrying over an earlier one."""

from __future__ import annotations

import unicodedata
from datetime import UTC

from bot import texts
from bot.carryover import carry_over as carry_over_answers
from bot.carryover import measures_of
from bot.draft.numerals import chinese_number
from bot.material.changes import ChangeSet
from bot.parsing import parse_number
from bot.profiles import Profile
from bot.reminders import local_zone
from bot.storage.rows import MaterialRow
from bot.texts import starting as T
from bot.usecases import confirm
from bot.usecases.asking import ask, choose_profile
from bot.usecases.replies import Reply
from bot.usecases.scope import Deps, Scope, write_all

CARRY, FRESH = "沿用", "全新"


def start(scope: Scope, args: str = "") -> list[Reply]:
    """/start: greet, and continue where the official left off."""
    if scope.material is None or scope.profile is None:
        return [choose_profile(scope.deps, texts.WELCOME + T.WELCOME_CHOOSE)]
    return [Reply(T.WELCOME_BACK.format(name=scope.profile.name)), ask(scope)]


def listed_profile(deps: Deps, choice: str) -> Profile | None:
    """The meeting named by its id or name, or by its number in the list we show (1 = newest)."""
    def plain(text: str) -> str:  # full-width digits and brackets as an IME types them
        return unicodedata.normalize("NFKC", text).strip().rstrip("。.")

    choice = plain(choice)
    profiles = deps.catalog.all()
    profile = deps.catalog.find(choice) or next((p for p in profiles if plain(p.name) == choice), None)
    number = parse_number(choice)
    if profile is None and number is not None and 1 <= number <= len(profiles):
        profile = profiles[number - 1]
    return profile


def new(scope: Scope, args: str = "") -> list[Reply]:
    """/new [meeting] [沿用|全新]: list the meetings, or create a material for one.

    With a material of an earlier year, the official is first offered to start from it (沿用)
    or afresh (全新). The materials already there stay in 我的材料.
    """
    choice, _, option = args.strip().partition(" ")
    option = option.strip()
    if not choice:
        return [choose_profile(scope.deps, T.CHOOSE_NEW)]
    profile = listed_profile(scope.deps, choice)
    if profile is None:
        return [choose_profile(scope.deps, T.NOT_FOUND.format(choice=choice[:40]))]
    previous = previous_material(scope, profile)
    if previous is not None and option not in (CARRY, FRESH):
        return [carry_offer(scope, profile, *previous)]
    had_material = scope.material is not None
    material = scope.repo.add_material(scope.user, profile.id, profile.digest, profile.source)
    scope.open_material(material)
    scope.bump()
    intro = T.CREATED.format(name=profile.name, theme=profile.theme, aspects=len(profile.aspects))
    if had_material:
        intro += T.KEPT_EARLIER
    if previous is not None and option == CARRY:
        intro += "\n" + carry_over(scope, *previous)
    if previous is not None and scope.profile is not None and scope.profile.rectification_place is not None:
        intro += prefill_rectification(scope, *previous)
    return [ask(scope, intro)]


def previous_material(scope: Scope, profile: Profile) -> tuple[Profile, MaterialRow] | None:
    """The official's latest material of an earlier year than profile's, with anything in it."""
    best: tuple[Profile, MaterialRow] | None = None
    for material in scope.repo.materials(scope.user):
        if material.archived:
            continue
        old, _, layout = scope.read(material)
        if old.year >= profile.year or (best is not None and old.year <= best[0].year):
            continue
        if layout.stored:
            best = (old, material)
    return best


def carry_offer(scope: Scope, profile: Profile, old: Profile, previous: MaterialRow) -> Reply:
    created = previous.created_at if previous.created_at.tzinfo else previous.created_at.replace(tzinfo=UTC)
    day = created.astimezone(local_zone(scope.deps.reminders))  # the official's calendar, not UTC's
    return Reply(T.CARRY_OFFER.format(old=old.name, day=day, name=profile.name), ((
        confirm.bound(T.CARRY, "cf", profile.id, scope.user, f"/new {profile.id} {CARRY}"),
        confirm.bound(T.FRESH, "nf", profile.id, scope.user, f"/new {profile.id} {FRESH}")),))


def carry_over(scope: Scope, old: Profile, previous: MaterialRow) -> str:
    """Copy last year's answers where the question is the same; say what was copied."""
    assert scope.profile is not None
    _, _, layout = scope.read(previous)
    copied = carry_over_answers(old, layout.positional(), scope.profile)
    carried = copied.answers
    left_out = T.LEFT_OUT.format(what="、".join(copied.left_out)) if copied.left_out else ""
    if not carried:
        return T.CARRIED_NONE + left_out
    change = ChangeSet("carry")
    write_all(scope, change, carried)
    scope.finish(change)
    themes = sorted({int(qid.split(".")[1]) for qid in carried if qid.startswith("themes.")})
    kept = [name for name, prefix in T.CARRIED_PARTS if any(qid.startswith(prefix) for qid in carried)]
    if themes:
        kept.append(T.CARRIED_THEMES.format(numbers="、".join(chinese_number(i) for i in themes)))
    return T.CARRIED.format(count=len(carried), what="、".join(kept)) + left_out


def prefill_rectification(scope: Scope, old: Profile, previous: MaterialRow) -> str:
    """Last year's measures become this year's 上年度整改落实情况 items: the official is then
    asked only what was done and what remains for each."""
    assert scope.interview is not None
    _, _, layout = scope.read(previous)
    measures = measures_of(old, layout.positional())
    if not measures or any(qid.startswith("rectification.") for qid in scope.answers):
        return ""
    change = ChangeSet("carry", "rectification")
    write_all(scope, change, scope.interview.prefill("rectification", [m.title for m in measures]))
    scope.finish(change)
    return "\n" + T.RECTIFICATION.format(count=len(measures))


def press_carry(scope: Scope, arg: str, carry: bool) -> list[Reply]:
    """The 以上年材料为基础 / 全新开始 buttons: "profile id~stamp"."""
    profile_id, token = confirm.split(arg)
    if not confirm.valid(scope.user, token):
        return [Reply(texts.STALE_BUTTON)]
    return new(scope, f"{profile_id} {CARRY if carry else FRESH}")

