"""Text files in every encoding officials' computers save (issue 14, points 6 and 7)."""

from __future__ import annotations

import codecs

import pytest

from bot.draft.decode import TextEncodingError, decode_text

TEXT = "（一）理想信念有所松懈。总觉得自己是老党员了，2021年学习“两个确立”不深。\r\n第二行 ABC"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("gbk"),
    TEXT.encode("gb18030"),
    TEXT.encode("utf-16"),  # with a BOM, as Word saves plain text
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"),
    TEXT.encode("utf-32"),
], ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom", "utf16le", "utf16be", "utf32-bom"])
def test_every_encoding_reads_the_same_text(data: bytes) -> None:
    assert decode_text(data) == TEXT


def test_gb18030_beyond_gbk() -> None:
    text = "𠀀字和€符号"
    assert decode_text(text.encode("gb18030")) == text


def test_bytes_that_are_no_text_are_refused() -> None:
    with pytest.raises(TextEncodingError) as caught:
        decode_text(b"\x81\x30\xff\xfe\x00" * 3 + b"\xff")
    assert "编码" in str(caught.value)
    with pytest.raises(TextEncodingError):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfd")
