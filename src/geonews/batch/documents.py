"""Listing a corpus into document references, and reading one document into an Article.

A corpus is a folder of text/HTML files, a glob, a single file, or a JSON-lines file of
``{"id", "text", ...}`` records. It is listed once into :class:`DocRef` references, which
say where each document is and change when it does; a worker reads a document only when
it geoparses it.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geonews.batch.config import BatchConfig
from geonews.errors import InputError
from geonews.model import Article

log = logging.getLogger(__name__)

#: Suffixes read from a folder of articles; anything else there is ignored.
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


@dataclass(frozen=True, slots=True)
class DocRef:
    """Where one document of the corpus is: a whole file, or one line of a JSONL file.

    ``offset`` is the byte offset of the JSONL line (``-1`` for a whole file); ``stamp``
    changes when the document does (file size and mtime, or a hash of the line).
    """

    id: str
    source: str
    path: str
    offset: int = -1
    stamp: str = ""


def list_documents(spec: str | os.PathLike[str]) -> list[DocRef]:
    """The documents of a corpus, in a stable order.

    ``spec`` is a JSONL file (``.jsonl``/``.ndjson``: one ``{"id", "text", ...}`` record a
    line; blank lines are ignored, a line that is not JSON becomes a document that fails
    when read), a folder (every file with a suffix in :data:`ARTICLE_SUFFIXES`, searched
    recursively, hidden files left out), a single article file, or a glob pattern.

    Raises :class:`~geonews.errors.InputError` when ``spec`` names nothing.
    """
    name = os.fspath(spec)
    path = Path(name)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() in ARTICLE_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        refs = [_file_ref(p, p.relative_to(path).as_posix()) for p in files]
    elif path.is_file() and path.suffix.lower() in _JSONL_SUFFIXES:
        refs = _jsonl_refs(path)
    elif path.is_file():
        refs = [_file_ref(path, path.name)]
    else:
        matches = sorted(Path(m) for m in glob.glob(name, recursive=True))
        refs = [_file_ref(p, p.as_posix()) for p in matches if p.is_file()]
        if not matches:
            raise InputError(f"{name}: no such file or folder, and no file matches it")
    if not refs:
        raise InputError(f"{name}: holds no documents")
    return _unique_ids(refs)


def _file_ref(path: Path, doc_id: str) -> DocRef:
    info = path.stat()
    return DocRef(
        id=doc_id,
        source=str(path),
        path=str(path.resolve()),
        stamp=f"{info.st_size}:{info.st_mtime_ns}",
    )


def _jsonl_refs(path: Path) -> list[DocRef]:
    refs = []
    resolved = str(path.resolve())
    offset = 0
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            doc_id = f"line-{number}"
            try:
                record = json.loads(line)
                if isinstance(record, dict) and record.get("id") is not None:
                    doc_id = str(record["id"])
            except ValueError:
                pass  # reported when a worker reads the line
            refs.append(
                DocRef(
                    id=doc_id,
                    source=f"{path}:{number}",
                    path=resolved,
                    offset=start,
                    stamp=hashlib.sha1(line).hexdigest(),
                )
            )
    return refs


def _unique_ids(refs: list[DocRef]) -> list[DocRef]:
    seen: set[str] = set()
    unique = []
    for ref in refs:
        if ref.id in seen:
            new_id = f"{ref.id}@{ref.source}"
            log.warning("duplicate document id %r at %s; using %r", ref.id, ref.source, new_id)
            ref = DocRef(new_id, ref.source, ref.path, ref.offset, ref.stamp)
        seen.add(ref.id)
        unique.append(ref)
    return unique


def jsonl_languages(refs: Iterable[DocRef], *, sample: int = 2000) -> tuple[str, ...]:
    """Languages the first ``sample`` JSONL records declare (what workers should preload)."""
    langs: set[str] = set()
    for ref in list(refs)[:sample]:
        if ref.offset < 0:
            continue
        try:
            record = json.loads(_read_line(ref))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and isinstance(record.get("lang"), str):
            langs.add(record["lang"])
    return tuple(sorted(langs))


def _read_line(ref: DocRef) -> bytes:
    with open(ref.path, "rb") as fh:
        fh.seek(ref.offset)
        return fh.readline()


def load_article(ref: DocRef, config: BatchConfig) -> Article:
    """Read one document into an :class:`Article` (``source`` is the document's place).

    Raises :class:`~geonews.errors.InputError` when it cannot be read, decoded or parsed,
    has no text, or is larger than ``config.max_bytes``.
    """
    from geonews.article import detect_language, normalize_text, read_article

    if ref.offset < 0:
        article = read_article(
            ref.path, lang=config.lang, max_bytes=config.max_bytes, allow_urls=False
        )
        return Article(article.text, article.lang, article.title, ref.source)
    try:
        line = _read_line(ref)
    except OSError as exc:
        raise InputError(f"{ref.source}: cannot be read ({exc.strerror or exc})") from exc
    if len(line) > config.max_bytes:
        raise InputError(f"{ref.source}: larger than the {config.max_bytes:,}-byte limit")
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise InputError(f"{ref.source}: not a JSON record ({exc})") from exc
    if not isinstance(record, dict):
        raise InputError(f"{ref.source}: not a JSON object")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(f'{ref.source}: "text" is a {_json_type(text)}, not a string')
    if not text or not text.strip():
        raise InputError(f"{ref.source}: no text")
    text = normalize_text(text)
    lang = config.lang or record.get("lang")
    if not isinstance(lang, str) or not lang:
        lang = detect_language(text)
    title = record.get("title")
    return Article(
        text=text,
        lang=lang,
        title=normalize_text(title).strip() or None if isinstance(title, str) else None,
        source=ref.source,
    )


def _json_type(value: object) -> str:
    """What a JSON value is, in JSON's words: "number", "array", "object"..."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__
