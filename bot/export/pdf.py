"""PDF through LibreOffice, and a PNG picture of a page through poppler's pdftoppm.

Both are external programs that a server may lack: the functions here raise
ConversionError with a Chinese message that says what to install, never a bare
traceback, and ``available()`` lets callers skip the PDF quietly instead.

The official font names in the Word file (仿宋_GB2312 …) are not installed on a
Linux server; LibreOffice asks fontconfig for stand-ins, and the conversion runs
with FONTCONFIG_FILE pointing at a small file that includes the system
configuration plus the project's aliases (fonts/fontconfig/selfreview-fonts.conf).

The material is written to disk for the conversions (draft.docx, draft.pdf, the page
picture), in plain text whatever the database's encryption. So every file lives under
one private directory, ``$TMPDIR/selfreview-<uid>/`` (mode 0700, refused if another user
owns it), in a subdirectory per process. A conversion's own directory is removed in
``finally``; what a killed process left behind (kill -9, OOM, power loss) is swept when
the next process starts (``sweep_leftovers``, called by the Exporter), together with the
shared-/tmp directories older versions used. See docs/security.md.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator, Sequence
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from bot.config import DocumentConfig

SYSTEM_FONTCONFIG = "/etc/fonts/fonts.conf"
PREVIEW_DPI = 110  # an A4 page of about 910 × 1290 px: what Telegram shows full-size on a phone

INSTALL_HINT = (
    "请服务器管理员安装 LibreOffice 和中文字体，例如：\n"
    "  apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils "
    "fonts-noto-cjk texlive-lang-chinese fonts-liberation2\n"
    "（详见 README“Word 和 PDF 输出”一节）"
)

# One LibreOffice at a time per process: each conversion starts a whole office
# suite (a few hundred MB), and two at once only make both slower.
_lock = threading.Lock()

log = logging.getLogger(__name__)

# What versions before the private directory left directly in $TMPDIR.
LEGACY_PREFIXES = ("selfreview-pdf-", "selfreview-png-", "selfreview-libreoffice-")
LEGACY_MIN_AGE_S = 3600
_PROCESS_PREFIX = "pid-"


class ConversionError(RuntimeError):
    """A conversion that could not be done; the message is for the user, in Chinese."""


def soffice_path(cfg: DocumentConfig) -> str | None:
    """The LibreOffice program to run, or None when it is not installed."""
    return shutil.which(cfg.libreoffice)


def available(cfg: DocumentConfig) -> bool:
    return soffice_path(cfg) is not None


def _fontconfig_file(directory: Path, cfg: DocumentConfig) -> Path:
    """A fontconfig file that keeps the system's fonts and adds the project's aliases."""
    base = os.environ.get("FONTCONFIG_FILE") or SYSTEM_FONTCONFIG
    includes = [f'  <include ignore_missing="yes">{escape(base)}</include>']
    if cfg.fontconfig is not None:
        includes.append(f'  <include ignore_missing="yes">{escape(str(cfg.fontconfig.resolve()))}</include>')
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n" + "\n".join(includes) + "\n</fontconfig>\n", encoding="utf-8")
    return path


def private_root() -> Path:
    """$TMPDIR/selfreview-<uid>, mode 0700: the only place material is written for a conversion."""
    root = Path(tempfile.gettempdir()) / f"selfreview-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o700)
    info = os.lstat(root)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        # Someone else made it (or a symlink) first: writing the material there would hand it over.
        raise ConversionError(f"临时目录 {root} 不属于本程序的运行用户，为保护材料内容，不生成 PDF。")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(root, 0o700)
    return root


_registered: set[Path] = set()


def _own_dir() -> Path:
    """This process's directory under the private root (removed at exit, swept if the process dies)."""
    own = private_root() / f"{_PROCESS_PREFIX}{os.getpid()}"
    own.mkdir(mode=0o700, exist_ok=True)
    if own not in _registered:
        _registered.add(own)
        atexit.register(shutil.rmtree, own, True)
    return own


@contextlib.contextmanager
def conversion_dir(prefix: str) -> Iterator[Path]:
    """A fresh 0700 directory for one conversion, removed in finally whatever happens."""
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=_own_dir()))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's: not ours to judge
        return True
    return True


def sweep_leftovers() -> int:
    """Remove what dead processes left: their directories under the private root, and the
    legacy selfreview-* directories in $TMPDIR owned by this user. Returns how many."""
    removed = 0
    try:
        root = private_root()
    except (ConversionError, OSError) as exc:
        log.warning("cannot sweep conversion leftovers: %s", type(exc).__name__)
        return 0
    for entry in root.iterdir():
        pid = entry.name.removeprefix(_PROCESS_PREFIX)
        if entry.name.startswith(_PROCESS_PREFIX) and pid.isascii() and pid.isdigit() and _alive(int(pid)):
            continue  # a running worker's conversion (several may share the machine)
        _remove(entry)
        removed += 1
    # Legacy directories carry no process id: only those untouched for longer than any
    # conversion takes go, so an older version still running (a rolling upgrade) keeps its own.
    stale_before = time.time() - LEGACY_MIN_AGE_S
    for entry in Path(tempfile.gettempdir()).iterdir():
        if not entry.name.startswith(LEGACY_PREFIXES) or entry.is_symlink() or not entry.is_dir():
            continue
        info = entry.lstat()
        if info.st_uid == os.getuid() and info.st_mtime < stale_before:
            _remove(entry)
            removed += 1
    if removed:
        log.info("removed %d conversion directories left by processes that ended abnormally", removed)
    return removed


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            entry.unlink()


_profile: Path | None = None


def _profile_dir() -> Path:
    """LibreOffice's settings, kept for this process: creating them costs a second or two.

    One per process, because a second LibreOffice started on a profile in use
    hands its work to the first one instead of doing it. It lives in the process's
    private directory: LibreOffice keeps recent-document entries and backups there.
    """
    global _profile
    own = _own_dir()
    if _profile is None or _profile.parent != own or not _profile.is_dir():
        _profile = Path(tempfile.mkdtemp(prefix="libreoffice-", dir=own))
    return _profile


def _discard_profile() -> None:
    global _profile
    if _profile is not None:
        shutil.rmtree(_profile, ignore_errors=True)
        _profile = None


def for_libreoffice(docx: bytes) -> bytes:
    """The .docx with the character grid turned into a line grid, for conversion only.

    Word's 指定行和字符网格 fits a 16 pt character into each 15.8 pt cell; LibreOffice
    measures the character before the condensed spacing and spreads it over two cells
    (14 characters a line). With the line grid alone the condensed spacing gives the
    same 28 characters a line, so the PDF matches what Word shows.
    """
    if not zipfile.is_zipfile(BytesIO(docx)):
        return docx  # not a .docx at all: LibreOffice says so, and ConversionError follows
    source = zipfile.ZipFile(BytesIO(docx))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b'w:type="linesAndChars"', b'w:type="lines"')
            target.writestr(info, data)
    return out.getvalue()


def docx_to_pdf(docx: bytes, cfg: DocumentConfig) -> bytes:
    """Convert a .docx to PDF with LibreOffice; ConversionError says why not."""
    return docx_to_pdfs([docx], cfg)[0]


def docx_to_pdfs(docxs: Sequence[bytes], cfg: DocumentConfig) -> list[bytes]:
    """Convert several .docx files in one LibreOffice run (its start-up is most of the cost)."""
    program = soffice_path(cfg)
    if program is None:
        raise ConversionError(f"服务器未安装 LibreOffice（找不到 {cfg.libreoffice}），无法生成 PDF。\n{INSTALL_HINT}")
    with conversion_dir("pdf-") as work:
        sources = []
        for number, docx in enumerate(docxs):
            source = work / f"draft{number}.docx"
            source.write_bytes(for_libreoffice(docx))
            sources.append(source)
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig_file(work, cfg))}
        command = [
            program, f"-env:UserInstallation={_profile_dir().as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), *map(str, sources),
        ]
        with _lock:
            returncode, output = _run(command, env, work, cfg.conversion_timeout_s * len(sources), program)
            missing = [source for source in sources if not source.with_suffix(".pdf").is_file()]
            if missing and len(sources) > 1:
                # Under load LibreOffice now and then reports "source file could not be
                # loaded" for files of a batch; those get one more run on a fresh profile.
                _discard_profile()
                retry = [program, f"-env:UserInstallation={_profile_dir().as_uri()}", *command[2: -len(sources)],
                         *map(str, missing)]
                returncode, output = _run(retry, env, work, cfg.conversion_timeout_s * len(missing), program)
        results = [source.with_suffix(".pdf") for source in sources]
        if returncode != 0 or not all(result.is_file() for result in results):
            detail = output.decode("utf-8", "replace").strip().splitlines()
            raise ConversionError("LibreOffice 转换失败，未生成 PDF。" + (f"\n{detail[-1]}" if detail else ""))
        return [result.read_bytes() for result in results]


def _run(command: list[str], env: dict[str, str], cwd: Path, timeout: float, program: str) -> tuple[int, bytes]:
    """Run LibreOffice in its own process group, so a timeout ends soffice.bin too, not just its launcher."""
    try:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as exc:
        raise ConversionError(f"无法运行 LibreOffice（{program}）：{exc}") from exc
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        _discard_profile()  # it may be half written; the next conversion starts a fresh one
        raise ConversionError(f"LibreOffice 在 {timeout:g} 秒内未完成转换，未生成 PDF。") from exc
    return process.returncode, output


def pdf_page_png(pdf: bytes, page: int = 1, dpi: int = PREVIEW_DPI, timeout_s: float = 60) -> bytes:
    """One page of a PDF as a PNG (poppler's pdftoppm)."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise ConversionError("服务器未安装 poppler-utils（pdftoppm），无法生成预览图。")
    with conversion_dir("png-") as work:
        (work / "in.pdf").write_bytes(pdf)
        try:
            done = subprocess.run(
                [program, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                 str(work / "in.pdf"), str(work / "page")],
                capture_output=True, timeout=timeout_s, stdin=subprocess.DEVNULL, check=False)
        except (subprocess.TimeoutExpired, OSError) as exc:
            raise ConversionError(f"无法生成预览图：{exc}") from exc
        result = work / "page.png"
        if done.returncode != 0 or not result.is_file():
            raise ConversionError("无法生成预览图：" + done.stderr.decode("utf-8", "replace").strip()[-200:])
        return result.read_bytes()
