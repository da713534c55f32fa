"""An existing material as a list of paragraphs: a .docx, a .txt in any encoding, or pasted text.

Pure apart from python-docx (which only reads the bytes given). What the paragraphs mean
is bot.draft.material_import's business.
"""

from __future__ import annotations

import io
import zipfile

from bot.draft.decode import TextEncodingError, decode_text

__all__ = ["MAX_MATERIAL_BYTES", "MaterialFileError", "paragraphs_of", "read_material"]

# A long material is ~10,000 字: 30 KB of text, a few hundred KB as .docx with its styles.
MAX_MATERIAL_BYTES = 5 * 1024 * 1024
_DOCX_MAGIC = b"PK\x03\x04"


class MaterialFileError(ValueError):
    """A file that is no material the importer can read; the message is for the official."""


def paragraphs_of(text: str) -> list[str]:
    """One paragraph per non-empty line; a form feed or a line separator is a line break too."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    unified = unified.replace("\f", "\n").replace("\ufeff", "")
    return [line.strip() for line in unified.split("\n") if line.strip()]


def _docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document  # python-docx: loaded only when a Word file arrives

    try:
        word = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise MaterialFileError("无法打开这个 Word 文件（.docx），请确认文件完好，或另存为 .txt 后发送") from exc
    found: list[str] = []
    for paragraph in word.paragraphs:
        # A line break inside a paragraph (a title set on two lines) is not a new paragraph.
        text = paragraph.text.replace("\n", "").replace("\v", "")
        if text.strip():
            found.append(text.strip())
    for table in word.tables:  # a material set in a table is unusual; its text is kept all the same
        for row in table.rows:
            for cell in row.cells:
                found.extend(paragraphs_of(cell.text))
    return found


def read_material(data: bytes, filename: str = "") -> list[str]:
    """The paragraphs of a material sent as a file (.docx, or text in UTF-8/GBK/GB18030/UTF-16)."""
    if len(data) > MAX_MATERIAL_BYTES:
        raise MaterialFileError(f"文件过大（{len(data) // 1024} KB），材料文件不应超过 {MAX_MATERIAL_BYTES // 1024} KB")
    name = filename.lower()
    if name.endswith(".doc") and not data.startswith(_DOCX_MAGIC):
        raise MaterialFileError("暂不支持旧版 Word 文件（.doc），请在 Word 中另存为 .docx 或 .txt 后发送")
    if name.endswith(".docx") or data.startswith(_DOCX_MAGIC):
        return _docx_paragraphs(data)
    try:
        return paragraphs_of(decode_text(data))
    except TextEncodingError as exc:
        raise MaterialFileError(str(exc)) from exc
