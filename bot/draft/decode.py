"""Text files as officials' computers save them: UTF-8 (with or without BOM), GBK/GB18030, UTF-16.

Notepad on Chinese Windows saves GBK ("ANSI"); Word's "plain text" saves UTF-16 with a
BOM; everything else is UTF-8, often with a BOM. Every importer (the answers file, a
prepared material as .txt) reads bytes through `decode_text`, so chat, terminal and CLI
accept the same files. Pure: standard library only.
"""

from __future__ import annotations

import codecs

__all__ = ["TextEncodingError", "decode_text"]

ENCODING_ERROR = "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的文本后重新发送"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it begins with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class TextEncodingError(ValueError):
    """Bytes that are none of the encodings officials' computers save."""

    def __init__(self) -> None:
        super().__init__(ENCODING_ERROR)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: each ASCII character and line break leaves a zero byte, always in
    the same half of its pair (a few Han characters, 一 U+4E00, leave one in the other half).
    UTF-8 and GBK text has no zero bytes at all."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < max(2, 3 * min(even, odd)):
        return None
    try:
        return data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> str:
    """The text in `data`; TextEncodingError when it is no text encoding an official's computer writes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise TextEncodingError() from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        # GB18030 contains GBK and GB2312, and maps every Unicode character.
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise TextEncodingError() from exc
