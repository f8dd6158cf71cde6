"""Write output files atomically, and never over a file geonews did not write.

A map or export is written to a temporary file in the destination directory, flushed to
disk, then renamed over the destination: a reader sees the old file or the new one, never
half of one, and a failure leaves the old file as it was.

Which existing files geonews may replace without ``force`` (:func:`is_geonews_file`):

* ``.html`` / ``.htm``: :data:`GENERATOR_MARK` occurs in the first 4 KB. Renderers put it
  in ``<head>``.
* ``.geojson`` / ``.json``: a ``"generator": "geonews"`` member (any spacing around the
  colon) in the first or the last 4 KB. Looking at both ends lets the member be written
  first or, with sorted keys, after ``"features"``. Writers put it at the top level.
* any other extension, ``.csv`` included: never. CSV has no comment syntax, and a marker
  column or sidecar file would be a convention other tools break silently, so replacing
  a CSV takes ``force``, or a caller-supplied ``owned`` predicate such as
  :func:`starts_with_header` (the file's first line is exactly geonews's header row).
* an empty regular file, whatever its extension, holds nothing to lose and is replaced.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from geonews.errors import OutputError

logger = logging.getLogger(__name__)

GENERATOR_MARK = '<meta name="generator" content="geonews">'
#: How much of each end of a file is read to recognise geonews output.
_PROBE_BYTES = 4096
_JSON_MARK = re.compile(rb'"generator"\s*:\s*"geonews')
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_JSON_SUFFIXES = frozenset({".geojson", ".json"})


def write_output(
    path: Path,
    data: str | bytes,
    *,
    force: bool = False,
    owned: Callable[[Path], bool] | None = None,
) -> Path:
    """Atomically write ``data`` (text is UTF-8 encoded) to ``path``; return the absolute path.

    Missing parent directories are created. A symlink at ``path`` is followed, so the file
    it points to is replaced and the link kept. An existing file is replaced only when
    ``force`` is true, it is empty, or ``owned`` (default :func:`is_geonews_file`) says
    geonews wrote it. A replaced file keeps its permission bits; a new one gets ``0o644``
    less the umask.

    Raises :class:`~geonews.errors.OutputError` (one line naming the path) when the path
    is a directory or not a regular file, when replacing would clobber a foreign file, or
    when writing fails; then no temporary file is left behind and the old file is intact.
    """
    target = _resolved(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _check_target(target, force=force, owned=owned or is_geonews_file)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create directory {target.parent} ({exc})") from exc

    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "wb", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
            os.fchmod(tmp.fileno(), mode)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    _sync_directory(target.parent)
    logger.debug("wrote %s (%d bytes)", target, len(payload))
    return target


def check_outputs(
    targets: Sequence[tuple[Path, Callable[[Path], bool] | None]], *, force: bool = False
) -> None:
    """Refuse now what :func:`write_output` would refuse later, for every target at once.

    ``targets`` are (path, owned) pairs as :func:`write_output` takes them. A command
    calls this before its work (a parse, an evaluation) and before writing anything, so
    a refused path costs no time and leaves no output half written. Two targets naming
    the same file (``-o map.html --geojson map.html``) are refused too.
    """
    seen: dict[Path, Path] = {}
    for path, owned in targets:
        target = _resolved(path)
        _check_target(target, force=force, owned=owned or is_geonews_file)
        if target in seen:
            raise OutputError(f"{path}: named for two outputs ({seen[target]} and {path})")
        seen[target] = path


def _resolved(path: Path) -> Path:
    try:
        return Path(os.path.abspath(path)).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before 3.13
        raise OutputError(f"{path}: cannot resolve the output path ({exc})") from exc


def is_geonews_file(path: Path) -> bool:
    """Whether geonews wrote the file at ``path``, by the per-extension rule in the module
    docstring. Unreadable files and unknown extensions are not geonews's."""
    suffix = path.suffix.lower()
    if suffix not in _HTML_SUFFIXES | _JSON_SUFFIXES:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(_PROBE_BYTES)
            tail = b""
            if suffix in _JSON_SUFFIXES:
                size = os.fstat(fh.fileno()).st_size
                if size > _PROBE_BYTES:
                    fh.seek(max(size - _PROBE_BYTES, _PROBE_BYTES))
                    tail = fh.read(_PROBE_BYTES)
    except OSError:
        return False
    if suffix in _HTML_SUFFIXES:
        return GENERATOR_MARK.encode("ascii") in head
    return bool(_JSON_MARK.search(head) or _JSON_MARK.search(tail))


def starts_with_header(columns: Sequence[str]) -> Callable[[Path], bool]:
    """An ``owned`` predicate for CSV: the file's first line is exactly the header row
    ``columns`` makes (comma-separated, as :mod:`csv` writes it)."""
    expected = ",".join(columns)

    def owned(path: Path) -> bool:
        try:
            with open(path, encoding="utf-8", errors="replace", newline="") as fh:
                first = fh.readline(len(expected) + 3)
        except OSError:
            return False
        return first.rstrip("\r\n") == expected

    return owned


def _check_target(target: Path, *, force: bool, owned: Callable[[Path], bool]) -> int:
    """Refuse what must not be replaced; return the mode the new file should get."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return 0o644 & ~_current_umask()
    except OSError as exc:
        raise OutputError(f"{target}: cannot inspect the output path ({exc.strerror})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target}: is a directory; give a file name for the output")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{target}: is not a regular file; refusing to write over it")
    if not force and info.st_size > 0 and not owned(target):
        raise OutputError(
            f"{target}: exists and was not written by geonews; use --force to replace it"
        )
    return stat.S_IMODE(info.st_mode)


def _current_umask() -> int:
    # The only portable way to read the umask is to set it; the window is two syscalls.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    """Make the rename durable; some filesystems cannot fsync a directory, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
