"""The parts of the .docx around the text: font table, theme, settings, metadata, styles.

python-docx starts from a template made with Word for Mac in Japanese: its font table
lists ＭＳ 明朝 and Calibri but none of the fonts the material uses, the theme's East
Asian language is ja-JP, app.xml says "Microsoft Macintosh Word", there is a blank
thumbnail and some 160 styles nobody uses. Word reads the font table to choose a
stand-in for a missing font: with an entry for 仿宋_GB2312 that names 仿宋 as its
alternative and the GB2312 character set, a PC without the _GB2312 fonts shows 仿宋
instead of falling back to 宋体. Everything here rewrites those parts in place.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape, quoteattr
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn

APPLICATION = "selfreview"

# What Word itself writes for these fonts on a Chinese Windows: the alternative name it
# maps to when the font is missing, charset 86 (GB2312), family, pitch and PANOSE.
_FONTS: dict[str, tuple[str | None, str, str, str, str]] = {
    "仿宋_GB2312": ("仿宋", "86", "modern", "fixed", "02010609030101010101"),
    "仿宋": ("FangSong", "86", "modern", "fixed", "02010609060101010101"),
    "楷体_GB2312": ("楷体", "86", "modern", "fixed", "02010609030101010101"),
    "楷体": ("KaiTi", "86", "modern", "fixed", "02010609060101010101"),
    "方正小标宋简体": ("宋体", "86", "script", "fixed", "02000000000000000000"),
    "方正小标宋_GBK": ("宋体", "86", "script", "fixed", "02000000000000000000"),
    "黑体": ("SimHei", "86", "modern", "fixed", "02010609060101010101"),
    "宋体": ("SimSun", "86", "auto", "variable", "02010600030101010101"),
    "Times New Roman": (None, "00", "roman", "variable", "02020603050405020304"),
}

# Parts of the template that belong to no material: Word 2010's copy of the styles,
# the template's custom XML, and its blank thumbnail.
_DROPPED = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects", RT.CUSTOM_XML)

# Styles every Word document has as defaults; the rest must be used to stay.
_DEFAULT_STYLES = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList"})

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def font_table_xml(fonts: Iterable[str]) -> bytes:
    """fontTable.xml naming each font used, with Word's alternative name and charset."""
    entries = []
    for name in dict.fromkeys(fonts):
        alt, charset, family, pitch, panose = _FONTS.get(
            name, (None, "00" if name.isascii() else "86", "auto", "variable", None))
        body = [f'<w:altName w:val={quoteattr(alt)}/>' if alt else "",
                f'<w:panose1 w:val="{panose}"/>' if panose else "",
                f'<w:charset w:val="{charset}"/>', f'<w:family w:val="{family}"/>', f'<w:pitch w:val="{pitch}"/>']
        entries.append(f"<w:font w:name={quoteattr(name)}>{''.join(body)}</w:font>")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{_W}">{"".join(entries)}</w:fonts>').encode()


def app_xml(characters: int, paragraphs: int) -> bytes:
    """app.xml saying what made the file; pages and lines are left for Word to count."""
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{escape(APPLICATION)}</Application><DocSecurity>0</DocSecurity>"
            f"<Characters>{characters}</Characters><Paragraphs>{paragraphs}</Paragraphs>"
            "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


def _part(word: WordDocument, reltype: str) -> object:
    return word.part.part_related_by(reltype)


def tidy_package(word: WordDocument, fonts: Iterable[str], heading_font: str, body_font: str,
                 characters: int, paragraphs: int) -> None:
    """Rewrite the template's leftovers for this material (call after all text is in)."""
    # python-docx keeps these parts as opaque blobs; replacing the blob rewrites the file.
    _part(word, RT.FONT_TABLE)._blob = font_table_xml(fonts)  # type: ignore[attr-defined]
    theme = _part(word, RT.THEME)
    text = theme._blob.decode("utf-8")  # type: ignore[attr-defined]
    # The theme's East Asian faces, read by anything that still asks the theme: Chinese ones.
    major, _, minor = text.partition("<a:minorFont>")
    major = major.replace('<a:ea typeface=""/>', f"<a:ea typeface={quoteattr(heading_font)}/>", 1)
    minor = minor.replace('<a:ea typeface=""/>', f"<a:ea typeface={quoteattr(body_font)}/>", 1)
    theme._blob = (major + "<a:minorFont>" + minor if minor else text).encode("utf-8")  # type: ignore[attr-defined]
    lang = word.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    for rel in list(word.part.rels.values()):
        if rel.reltype in _DROPPED:
            del word.part.rels[rel.rId]
    package = word.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel.rId]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = app_xml(characters, paragraphs)
    _drop_unused_styles(word)


def _drop_unused_styles(word: WordDocument) -> None:
    """Keep the default styles, the styles the text uses, and what those are based on."""
    used: set[str] = set(_DEFAULT_STYLES)
    parts = [word.element] + [s.footer._element for s in word.sections] + [
        s.even_page_footer._element for s in word.sections]
    for part in parts:
        for tag in ("w:pStyle", "w:rStyle"):
            used.update(el.get(qn("w:val")) for el in part.iter(qn(tag)))
    styles = {el.get(qn("w:styleId")): el for el in word.styles.element.iterchildren(qn("w:style"))}
    pending = list(used)
    while pending:  # based-on and next styles of the ones kept are kept too
        el = styles.get(pending.pop())
        if el is None:
            continue
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = el.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in used:
                used.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for style_id, el in styles.items():
        if style_id not in used:
            word.styles.element.remove(el)


class _DatedZip:
    """python-docx's physical package writer, except that every member is dated `day`.

    python-docx dates each zip member with the clock, to the second, so two builds of one
    material a moment apart differ in bytes; dated by the day (the day in the file's name)
    they are identical, which is what lets the Exporter reuse a file it made today.
    """

    def __init__(self, out: io.BytesIO, day: date) -> None:
        self._zip = ZipFile(out, "w", compression=ZIP_DEFLATED)
        self._stamp = (day.year, day.month, day.day, 0, 0, 0)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        info = ZipInfo(pack_uri.membername, date_time=self._stamp)
        info.compress_type = ZIP_DEFLATED
        info.external_attr = 0o600 << 16  # what ZipFile.writestr gives a member named by string
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def save_dated(word: WordDocument, day: date) -> bytes:
    """The .docx bytes, as ``word.save`` writes them but with every zip member dated `day`.

    The same steps as python-docx's ``OpcPackage.save``/``PackageWriter.write``, whose
    writer takes no date; tests/export/test_cache.py checks that a build does not
    depend on the clock, so a python-docx that renames these helpers fails loudly there.
    """
    package = word.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _DatedZip(out, day)
    PackageWriter._write_content_types_stream(writer, package.parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(writer, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(writer, package.parts)  # type: ignore[arg-type]
    writer.close()
    return out.getvalue()
