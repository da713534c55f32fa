"""WordprocessingML helpers: properties in schema order, fonts on w:eastAsia, sizes, indents."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

__all__ = ["_ORDER", "_child", "_indent_chars", "_no_grid_snap", "_set_condense", "_set_size", "set_fonts"]


def _names(tags: str) -> tuple[str, ...]:
    return tuple(qn(f"w:{tag}") for tag in tags.split())


# Child order of w:pPr and w:rPr in the WordprocessingML schema (ECMA-376 CT_PPrBase,
# CT_RPr): Word rejects a file as damaged when it finds them out of order.
_ORDER = {
    qn("w:pPr"): _names(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
        "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    qn("w:rPr"): _names(
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
        "vertAlign rtl cs em lang eastAsianLayout specVanish oMath"),
}


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The child named tag, created when missing at its place in the schema's order."""
    name = qn(tag)
    found: BaseOxmlElement | None = parent.find(name)
    if found is not None:
        return found
    found = OxmlElement(tag)
    order = _ORDER.get(parent.tag)
    if order is not None:
        rank = order.index(name)
        for sibling in parent:
            if sibling.tag in order and order.index(sibling.tag) > rank:
                sibling.addprevious(found)
                return found
    parent.append(found)
    return found


def set_fonts(rpr: BaseOxmlElement, latin: str, east_asia: str) -> None:
    """Latin and East Asian fonts on one w:rPr; theme fonts are removed so these win."""
    fonts = _child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    # Quotes, dashes and ellipses are shared by both scripts; in Chinese text they
    # must be drawn full-width from the East Asian font.
    fonts.set(qn("w:hint"), "eastAsia")


def _set_size(rpr: BaseOxmlElement, size_pt: float) -> None:
    half_points = str(round(size_pt * 2))
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), half_points)


def _set_condense(rpr: BaseOxmlElement, twips: int) -> None:
    _child(rpr, "w:spacing").set(qn("w:val"), str(twips))


def _indent_chars(ppr: BaseOxmlElement, first_line_chars: int, size_pt: float,
                  left_chars: int = 0, right_chars: int = 0) -> None:
    """Indents in characters (Word's *Chars attributes) with twips for readers that ignore them."""
    ind = _child(ppr, "w:ind")
    ind.set(qn("w:firstLine"), str(round(first_line_chars * size_pt * 20)))
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    if left_chars:
        ind.set(qn("w:left"), str(round(left_chars * size_pt * 20)))
        ind.set(qn("w:leftChars"), str(left_chars * 100))
    if right_chars:
        ind.set(qn("w:right"), str(round(right_chars * size_pt * 20)))
        ind.set(qn("w:rightChars"), str(right_chars * 100))


def _no_grid_snap(ppr: BaseOxmlElement) -> None:
    """Off the line grid: if someone sets the spacing of 22 pt or 14 pt type to single, Word's
    grid would give each line a whole number of body lines."""
    _child(ppr, "w:snapToGrid").set(qn("w:val"), "0")
