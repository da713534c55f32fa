"""The numbering and lead-in words an official types, which the product adds itself.

The renderer numbers every item (一是, （一）, 1.) and opens every example with the
profile's marker (如，). An official who prepares a text on a computer types them too:
"一是理论学习不够系统", "（一）思想武装有所松懈", "1.坚持系统学习", "比如，……". Kept as
typed they come out doubled ("一是一是……", "（一）（一）……", "（一）1.……", "如，比如……").
These pure functions take them off, so stored and assembled text carries them once.

"又如" is different: it says "another example", so it is kept (the renderer then prints
"又如，" in place of its own marker instead of "如，又如，").
"""

from __future__ import annotations

import re

__all__ = ["ITEM_NUMBER", "example_lead", "item_number", "strip_example_lead", "strip_item_number",
           "strip_lone_number"]

_CN = "一二三四五六七八九十"
# One leading item number as officials type it, with what may follow it. Arabic numbers
# must not be followed by a digit ("1.5倍" is a number, not an item). 第一/其一 only with
# punctuation ("第一时间" is a word).
ITEM_NUMBER = re.compile(
    rf"^\s*(?:"
    rf"(?P<is>[{_CN}]{{1,3}})是(?![非否])[，,：:、]?"
    rf"|[（(](?P<paren>[{_CN}]{{1,3}}|\d{{1,2}})[）)][，,、.．]?"
    rf"|(?P<cn>[{_CN}]{{1,3}})[、.．]"
    rf"|(?P<n>\d{{1,2}})(?:[、，,]|[.．](?!\d))"
    rf"|(?:第|其)(?P<ord>[{_CN}]{{1,3}})[，,、：:]"
    rf"|(?P<circled>[①-⑳])[、.．]?"
    rf")\s*"
)

# An example's lead-in: 如，/ 比如 / 例如 / 譬如 / 举例来说 / 又如. "如" alone needs punctuation
# after it ("如期完成" is not an example's lead-in); the others do not.
_EXAMPLE = re.compile(r"^\s*(?:(?P<again>又如|再如|还如)|比如说?|例如|譬如|举例来说|如)(?P<punct>[，,：:]\s*)?")
_EXAMPLE_NEEDS_PUNCT = frozenset({"如"})


def item_number(text: str) -> re.Match[str] | None:
    """The item number that opens `text`, if any (with the text it covers)."""
    match = ITEM_NUMBER.match(text)
    if match is None or match.end() >= len(text.rstrip()):
        return None  # a bare "一是" or "1." is not a number in front of something
    return match


def strip_item_number(text: str) -> str:
    """Every item number that opens `text`: "一是一是理论学习……" -> "理论学习……", "（一）1.坚持" -> "坚持"."""
    out = text
    for _ in range(4):  # "（一）1." at most; the cap keeps odd input cheap
        match = item_number(out)
        if match is None:
            break
        out = out[match.end():]
    return out.strip() if out is not text else text


def _scheme(match: re.Match[str]) -> str:
    return next(name for name, value in match.groupdict().items() if value is not None)


def strip_lone_number(text: str) -> str:
    """A detail's opening number, when it is the only one of its kind in the detail.

    "一是工作和学习摆布不好" under a numbered title doubles the number; "一是……二是……"
    is the official's own enumeration inside the detail and is left as it is.
    """
    match = item_number(text)
    if match is None:
        return text
    scheme = _scheme(match)
    rest = text[match.end():]
    second = {"is": rf"[{_CN}]{{1,3}}是", "paren": r"[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]",
              "cn": rf"[。；;]\s*[{_CN}]{{1,3}}、", "n": r"(?:^|[。；;\s])\d{1,2}[、.．](?!\d)",
              "ord": rf"(?:第|其)[{_CN}]{{1,3}}[，,、：:]", "circled": "[①-⑳]"}[scheme]
    if scheme == "is":
        # Another "二是" (not the same number again) means an enumeration.
        first = match.group("is")
        if any(m.group(0) != first + "是" for m in re.finditer(second, rest)):
            return text
    elif re.search(second, rest):
        return text
    return rest.strip()


def example_lead(text: str) -> tuple[str, str] | None:
    """(the lead-in word(s) with their punctuation, the example after them), if `text` opens with one."""
    match = _EXAMPLE.match(text)
    if match is None:
        return None
    word = match.group(0)[: match.start("punct")] if match.group("punct") else match.group(0)
    word = word.strip()
    if word in _EXAMPLE_NEEDS_PUNCT and not match.group("punct"):
        return None
    rest = text[match.end():]
    if not rest.strip():
        return None
    return match.group(0).strip(), rest.strip()


def strip_example_lead(text: str) -> tuple[str, str | None]:
    """(the example without the lead-in the renderer adds, the lead-in to print instead of the marker).

    "比如，我……" -> ("我……", None); "比如我……" -> ("我……", None); "又如，我……" -> ("我……", "又如，").
    Repeated lead-ins ("如，比如，") all go.
    """
    kept: str | None = None
    out = text
    for _ in range(3):
        found = example_lead(out)
        if found is None:
            break
        lead, out = found
        match = _EXAMPLE.match(lead)
        if match is not None and match.group("again"):
            kept = match.group("again") + "，"
    return out, kept
