"""The reviewer's rules: `rules.yaml` beside this module, loaded into frozen data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

RULES_FILE = Path(__file__).resolve().parent / "rules.yaml"

CHECK_IDS = ("position", "not_concrete", "stock_phrase", "suggestion", "not_own", "cause_repeats",
             "measure_unanswered", "problem_unanswered", "measure_vague", "duplicate", "paste_residue", "typo",
             "earlier_similar", "balance", "length")


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the key."""


@dataclass(frozen=True)
class CheckText:
    heading: str
    short: str
    message: str


@dataclass(frozen=True)
class Signal:
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class PositionRules:
    markers: tuple[str, ...]
    drop_before: tuple[str, ...]
    drop_after: tuple[str, ...]
    titles: tuple[str, ...]  # longest first, so 副县长 is found before 县长
    joiners: re.Pattern[str]
    longest: int


@dataclass(frozen=True)
class CauseRules:
    roots: tuple[str, ...]
    overlap: float
    advice_with_root: str
    advice_no_root: str
    detail_overlap: float
    detail_min_words: int


@dataclass(frozen=True)
class ResidueRules:
    patterns: tuple[Signal, ...]  # name is the kind said after the quote
    numbered_start: re.Pattern[str]
    example_start: re.Pattern[str]
    repeated_min_chars: int


@dataclass(frozen=True)
class Typo:
    wrong: str
    right: str


@dataclass(frozen=True)
class Rules:
    checks: Mapping[str, CheckText]
    position: PositionRules
    concrete_ignore: tuple[str, ...]
    concrete: tuple[Signal, ...]
    stock: tuple[Signal, ...]  # name is the kind of stock phrase
    suggestion_title: tuple[re.Pattern[str], ...]
    suggestion_text: tuple[re.Pattern[str], ...]
    others: re.Pattern[str]
    self_words: re.Pattern[str]
    openers: tuple[str, ...]
    object_markers: tuple[str, ...]
    causes: CauseRules
    stop_words: tuple[str, ...]
    link_title_shared: int
    link_text_shared: int
    measure_concrete: tuple[re.Pattern[str], ...]
    duplicate_min_chars: int
    balance_min_share: float
    residue: ResidueRules
    typos: tuple[Typo, ...]
    earlier_threshold: float
    earlier_min_chars: int

    def text(self, check: str) -> CheckText:
        return self.checks[check]


def _need(data: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise RulesError(f"{where}: 缺少 {key}")
    value = data[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RulesError(f"{where}.{key}: 类型应为 {kind.__name__}")
    return value


def _regex(text: Any, where: str) -> re.Pattern[str]:
    if not isinstance(text, str) or not text:
        raise RulesError(f"{where}: 应为非空的正则表达式")
    try:
        return re.compile(text)
    except re.error as exc:
        raise RulesError(f"{where}: 正则表达式错误：{exc}") from exc


def _words(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise RulesError(f"{where}: 应为非空文本的列表")
    return tuple(value)


def _signals(value: Any, where: str, name_key: str) -> tuple[Signal, ...]:
    if not isinstance(value, list):
        raise RulesError(f"{where}: 应为列表")
    return tuple(Signal(str(_need(item, name_key, str, f"{where}[{i}]")),
                        _regex(_need(item, "pattern", str, f"{where}[{i}]"), f"{where}[{i}].pattern"))
                 for i, item in enumerate(value))


def parse_rules(text: str, name: str = "rules.yaml") -> Rules:
    """Build Rules from YAML text or raise RulesError naming the key."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{name}: YAML 语法错误：{exc}") from exc
    checks_raw = _need(data, "checks", dict, name)
    checks: dict[str, CheckText] = {}
    for check in CHECK_IDS:
        entry = _need(checks_raw, check, dict, f"{name}:checks")
        checks[check] = CheckText(*(_need(entry, key, str, f"checks.{check}")
                                    for key in ("heading", "short", "message")))
    unknown = set(checks_raw) - set(CHECK_IDS)
    if unknown:
        raise RulesError(f"{name}:checks: 未知的检查 {', '.join(sorted(unknown))}")
    pos = _need(data, "position", dict, name)
    titles = _words(pos.get("titles"), "position.titles")
    position = PositionRules(
        markers=_words(pos.get("markers"), "position.markers"),
        drop_before=_words(pos.get("drop_before"), "position.drop_before"),
        drop_after=tuple(sorted(_words(pos.get("drop_after"), "position.drop_after"), key=len, reverse=True)),
        titles=tuple(sorted(titles, key=len, reverse=True)),
        joiners=_regex(pos.get("joiners"), "position.joiners"),
        longest=_need(pos, "longest", int, "position"),
    )
    concrete = _need(data, "concrete", dict, name)
    suggestion = _need(data, "suggestion", dict, name)
    not_own = _need(data, "not_own", dict, name)
    causes = _need(data, "causes", dict, name)
    measures = _need(data, "measures", dict, name)
    residue = _need(data, "paste_residue", dict, name)
    earlier = _need(data, "earlier", dict, name)
    return Rules(
        checks=MappingProxyType(checks),
        position=position,
        concrete_ignore=tuple(sorted(_words(concrete.get("ignore"), "concrete.ignore"), key=len, reverse=True)),
        concrete=_signals(concrete.get("signals"), "concrete.signals", "name"),
        stock=_signals(data.get("stock"), "stock", "kind"),
        suggestion_title=tuple(_regex(p, "suggestion.title") for p in _words(suggestion.get("title"),
                                                                             "suggestion.title")),
        suggestion_text=tuple(_regex(p, "suggestion.text") for p in _words(suggestion.get("text"),
                                                                           "suggestion.text")),
        others=_regex(not_own.get("others"), "not_own.others"),
        self_words=_regex(not_own.get("self"), "not_own.self"),
        openers=tuple(sorted(_words(not_own.get("openers"), "not_own.openers"), key=len, reverse=True)),
        object_markers=tuple(sorted(_words(not_own.get("object_markers"), "not_own.object_markers"), key=len,
                                    reverse=True)),
        causes=CauseRules(
            roots=_words(causes.get("roots"), "causes.roots"),
            overlap=_need(causes, "overlap", float, "causes"),
            advice_with_root=_need(causes, "advice_with_root", str, "causes"),
            advice_no_root=_need(causes, "advice_no_root", str, "causes"),
            detail_overlap=_need(causes, "detail_overlap", float, "causes"),
            detail_min_words=_need(causes, "detail_min_words", int, "causes"),
        ),
        stop_words=tuple(sorted(_words(data.get("stop_words"), "stop_words"), key=len, reverse=True)),
        link_title_shared=_need(_need(data, "links", dict, name), "title_shared", int, "links"),
        link_text_shared=_need(data["links"], "text_shared", int, "links"),
        measure_concrete=tuple(_regex(p, "measures.concrete") for p in _words(measures.get("concrete"),
                                                                              "measures.concrete")),
        duplicate_min_chars=_need(_need(data, "duplicates", dict, name), "min_chars", int, "duplicates"),
        balance_min_share=_need(_need(data, "balance", dict, name), "min_share", float, "balance"),
        residue=ResidueRules(
            patterns=_signals(residue.get("patterns"), "paste_residue.patterns", "kind"),
            numbered_start=_regex(residue.get("numbered_start"), "paste_residue.numbered_start"),
            example_start=_regex(residue.get("example_start"), "paste_residue.example_start"),
            repeated_min_chars=_need(residue, "repeated_min_chars", int, "paste_residue"),
        ),
        typos=_typos(data.get("typos")),
        earlier_threshold=_need(earlier, "threshold", float, "earlier"),
        earlier_min_chars=_need(earlier, "min_chars", int, "earlier"),
    )


def _typos(value: Any) -> tuple[Typo, ...]:
    if not isinstance(value, list):
        raise RulesError("typos: 应为列表")
    return tuple(Typo(_need(item, "wrong", str, f"typos[{i}]"), _need(item, "right", str, f"typos[{i}]"))
                 for i, item in enumerate(value))


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The shipped rules, read once per process."""
    return parse_rules(RULES_FILE.read_text(encoding="utf-8"), str(RULES_FILE))
