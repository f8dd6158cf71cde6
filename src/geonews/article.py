"""Read whatever a user points at (a file, ``-`` for stdin, an http(s) URL) into an Article.

The text of the returned :class:`~geonews.model.Article` is *the* text every later offset
refers to: it is decoded, its newlines are ``\\n`` and it is NFC-normalised here, once, so
no later stage has a reason to touch it.

Reading is defensive because the input comes from anywhere: at most ``max_bytes + 1``
bytes are ever read, binary data is refused rather than geoparsed, and a URL is fetched
only from public addresses, checked again on every redirect hop (a page must not be able
to point geonews at ``169.254.169.254`` or a service on the user's LAN).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import os
import re
import socket
import ssl
import sys
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from geonews.errors import InputError
from geonews.model import Article

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5_000_000
MAX_REDIRECTS = 3

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: ``resolve(host, port)`` returns every address the host name resolves to.
Resolver = Callable[[str, int], list[IPAddress]]
#: ``allow(address)`` says whether geonews may connect to that address.
AddressPolicy = Callable[[IPAddress], bool]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: C0/C1 controls other than tab, newlines, \v and \f, plus U+FFFD: binary smells.
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
#: Share of stray control characters above which decoded data is called binary.
_MAX_CONTROL_SHARE = 0.05
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def read_article(
    source: str | os.PathLike[str],
    *,
    lang: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    allow_urls: bool = True,
    url_timeout: float = 15.0,
    allow_address: AddressPolicy | None = None,
) -> Article:
    """Read a path, ``-`` (stdin) or an http(s) URL into an :class:`Article`.

    HTML (by extension, content type or a leading ``<html``/``<!doctype html``) is reduced
    to the article's main text and title; plain text keeps all its lines and takes its
    first line as the title when that line looks like a headline. ``lang`` overrides
    language detection. ``allow_address`` replaces the public-address policy for URLs
    (tests use it to reach a server on 127.0.0.1).

    Raises :class:`~geonews.errors.InputError` with a one-line message naming the source
    when the input is missing, a directory, unreadable, empty, binary, undecodable, larger
    than ``max_bytes``, or a URL that is refused or fails.

    Examples
    --------
    >>> import io
    >>> read_article("-", stdin=io.BytesIO("Paris brûle\\n\\nLe feu gagne.".encode())).title
    'Paris brûle'
    """
    name = os.fspath(source)
    declared_charset: str | None = None
    html_hint = False
    if name == "-":
        label = "<stdin>"
        data = _read_capped(stdin if stdin is not None else sys.stdin.buffer, max_bytes, label)
    elif _looks_like_url(name):
        label = name
        if not allow_urls:
            raise InputError(f"{label}: reading URLs is disabled")
        page = fetch_url(
            name,
            max_bytes=max_bytes,
            timeout=url_timeout,
            allow_address=allow_address or is_public_address,
        )
        data, declared_charset = page.body, page.charset
        html_hint = page.content_type in {"text/html", "application/xhtml+xml"}
    else:
        label = name
        data = _read_file(Path(name), max_bytes)
        html_hint = Path(name).suffix.lower() in _HTML_SUFFIXES

    if not data.strip():
        raise InputError(f"{label}: empty, there is no text to read")
    is_html = html_hint or bool(_HTML_SNIFF.search(data[:1024]))
    if is_html and declared_charset is None:
        declared_charset = _sniff_meta_charset(data)
    text = decode_bytes(data, label=label, declared=declared_charset)

    if is_html:
        text, title = extract_html(text)
    else:
        title = guess_plain_title(text)
    text = normalize_text(text)
    if title:
        title = normalize_text(title).strip() or None
    if not text.strip():
        raise InputError(f"{label}: no readable text found")
    language = lang or detect_language(text)
    logger.debug("read %s: %d characters, lang=%s, html=%s", label, len(text), language, is_html)
    return Article(text=text, lang=language, title=title, source=name)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in; ``'en'`` when unsure.

    Uses py3langid (a deterministic naive Bayes model shipped in the wheel, offline), on
    at most the first 10,000 characters: enough for a news article, bounded in time.
    """
    sample = text[:10_000]
    if not any(ch.isalpha() for ch in sample):
        return "en"
    import py3langid  # type: ignore[import-untyped]

    try:
        code, _score = py3langid.classify(sample)
    except (ValueError, RuntimeError) as exc:
        logger.debug("language detection failed: %s", exc)
        return "en"
    return code if isinstance(code, str) and len(code) == 2 else "en"


# --- decoding -------------------------------------------------------------------------


def decode_bytes(data: bytes, *, label: str = "<input>", declared: str | None = None) -> str:
    """Decode article bytes, refusing binary data.

    Order: a BOM (UTF-8, UTF-16, UTF-32) wins; then the ``declared`` charset (HTTP header
    or HTML meta); then strict UTF-8; then charset-normalizer's guess, except that
    cp1252 is preferred when it fits nearly as well and its non-ASCII characters are
    letters or common typography. On short text charset-normalizer alone calls French
    cp1252 cp1250 or cp775 and turns "près" into "prčs"; cp1252 is by far the likelier
    single-byte encoding of Western news text. The price: Central European cp1250 text
    whose only non-ASCII letters also exist in cp1252 may come out as cp1252.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _refuse_controls(data[len(bom) :].decode(encoding), label)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{label}: starts with a {encoding} byte-order mark but is not {encoding}"
                ) from exc
    if b"\x00" in data:
        raise InputError(f"{label}: looks binary (contains NUL bytes), not a text article")
    if declared:
        web_encoding = _web_encoding(declared)
        if web_encoding is not None:
            try:
                return _refuse_controls(data.decode(web_encoding), label)
            except UnicodeDecodeError:
                logger.debug("%s: declared charset %s does not fit, guessing", label, declared)
    try:
        return _refuse_controls(data.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    damaged = _as_damaged_utf8(data, label)
    if damaged is not None:
        return _refuse_controls(damaged, label)
    return _refuse_controls(_guess_legacy_encoding(data, label), label)


def _as_damaged_utf8(data: bytes, label: str) -> str | None:
    """UTF-8 with a few bad bytes (a cut copy, a stray Latin-1 byte), read as UTF-8 with a
    replacement character for each, or None when the data is not UTF-8.

    Multi-byte UTF-8 sequences almost never arise by chance in single-byte legacy text
    ("près" in cp1252 is no valid UTF-8), so at least as many valid ones as invalid
    bytes mean UTF-8: decoding the whole as a legacy encoding would garble every one of
    them ("Zürich" as cp1251 is "ZГјrich").
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    if not valid or bad > valid:
        return None
    logger.warning(
        "%s: %d byte%s not valid UTF-8; read as UTF-8, with \ufffd in %s place",
        label,
        bad,
        " is" if bad == 1 else "s are",
        "its" if bad == 1 else "their",
    )
    return text


def _web_encoding(charset: str) -> str | None:
    """Python codec for a declared charset; Latin-1 and ASCII labels mean cp1252 on the web."""
    import codecs

    try:
        name = codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in {"iso8859-1", "latin-1", "ascii"} else name


_MOSTLY_ASCII = 0.9


def _guess_legacy_encoding(data: bytes, label: str) -> str:
    from charset_normalizer import from_bytes

    # With no NUL byte in the data, UTF-16/32 guesses are always wrong.
    wide = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
    matches = from_bytes(data, cp_exclusion=wide)
    best = matches.best()
    if best is None:
        raise InputError(f"{label}: looks binary (no text encoding fits), not a text article")
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
    # On a short, mostly ASCII text the detector has too little to go on and may not
    # offer cp1252 at all ("\xc9vry" read as Big5): try it anyway, and keep it when its
    # few accented characters read as Western letters.
    mostly_ascii = sum(b < 0x80 for b in data) >= _MOSTLY_ASCII * len(data)
    if (western is None and mostly_ascii) or (
        western is not None
        and western.chaos <= best.chaos + 0.1
        and western.coherence >= best.coherence - 0.15
    ):
        try:
            decoded = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            if _reads_as_western(decoded):
                logger.debug("%s: decoded as cp1252 (best guess was %s)", label, best.encoding)
                return decoded
    logger.debug("%s: decoded as %s", label, best.encoding)
    return str(best)


#: Non-letters above ASCII that Western news text uses; others (£ ³ ¤ ...) in quantity are
#: what Central European or Cyrillic text looks like when misread as cp1252.
_WESTERN_SYMBOLS = frozenset("€‚„…‘’“”•–—«»°©®™§·¡¿\xa0\xad")


def _reads_as_western(text: str) -> bool:
    """Whether cp1252-decoded text looks like real Western text: its non-ASCII characters
    are letters or common typography, not a scatter of odd symbols."""
    high = [ch for ch in text if ord(ch) > 0x7F]
    odd = sum(1 for ch in high if not ch.isalpha() and ch not in _WESTERN_SYMBOLS)
    return odd <= 0.1 * len(high)


def _refuse_controls(text: str, label: str) -> str:
    stray = len(_STRAY_CONTROLS.findall(text))
    if text and stray / len(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{label}: looks binary (mostly control characters), not a text article")
    return text


def _sniff_meta_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def normalize_text(text: str) -> str:
    """``\\n`` newlines, NFC, no byte-order mark: the form every offset is taken in."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


# --- text and HTML --------------------------------------------------------------------


def guess_plain_title(text: str) -> str | None:
    """The first line when it reads like a headline: short, followed by more text, and not
    ending like a sentence (a final period, comma, colon or semicolon)."""
    lines = [line.strip() for line in normalize_text(text).split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first) > 150 or len(first.split()) > 25 or first.endswith((".", ",", ":", ";")):
        return None
    return first


def extract_html(markup: str) -> tuple[str, str | None]:
    """The main text and title of an HTML page, without navigation, ads and footers.

    trafilatura does the extraction; when it finds nothing (tiny or odd pages) a plain
    html.parser pass that skips scripts, navigation, headers and footers takes over. The
    title is put at the head of the text unless the text already opens with it, so a
    place named only in the headline is still found, at a real offset.
    """
    import trafilatura
    from trafilatura.settings import Document

    markup = _RAW_TEXT_ELEMENTS.sub(" ", markup)
    doc = trafilatura.bare_extraction(
        markup, include_comments=False, include_tables=True, with_metadata=True
    )
    text, title = "", None
    if isinstance(doc, Document):
        text, title = doc.text or "", doc.title or None
    if not text.strip():
        logger.debug("trafilatura found no main text, falling back to html.parser")
        text, fallback_title = _extract_html_stdlib(markup)
        title = title or fallback_title
    if title:
        title = " ".join(title.split())
        if title.casefold() not in text[: len(title) + 300].casefold():
            text = f"{title}\n\n{text}"
    return text, title


# Scripts and styles are raw text ending at their own closing tag (the HTML tokeniser's
# rule), so a pattern finds them exactly. Some extractors keep their text when they sit
# inside a heading or paragraph: "<h1>Madrid <script>var Paris</script></h1>".
_RAW_TEXT_ELEMENTS = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)

_SKIPPED_TAGS = frozenset(
    "script style noscript template nav footer header aside form svg button select iframe"
    " head".split()
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 article section main blockquote pre tr table dd dt"
    " figcaption hr".split()
)
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr"})


class _TextCollector(HTMLParser):
    """Visible text with block boundaries as newlines; title from ``<title>`` or ``<h1>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._skip: list[str] = []
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _VOID_TAGS:
            if tag in _BLOCK_TAGS and not self._skip:
                self.parts.append("\n")
            return
        if tag in _SKIPPED_TAGS:
            self._skip.append(tag)
        elif not self._skip and tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "h1" and not self._skip:
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()
        elif not self._skip and tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip:
            self.parts.append(data)
            if self._in_h1:
                self.h1_parts.append(data)


def _extract_html_stdlib(markup: str) -> tuple[str, str | None]:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(collector.title_parts or collector.h1_parts).split())
    return text, title or None


# --- files and streams ----------------------------------------------------------------


def _read_capped(stream: BinaryIO, max_bytes: int, label: str) -> bytes:
    """At most ``max_bytes`` bytes, or InputError: a huge input is never read whole."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = stream.read(max_bytes + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise _too_large(label, max_bytes)
    return b"".join(chunks)


def _too_large(label: str, max_bytes: int) -> InputError:
    return InputError(
        f"{label}: larger than the {max_bytes:,}-byte limit (raise it with --max-bytes)"
    )


def _read_file(path: Path, max_bytes: int) -> bytes:
    label = str(path)
    try:
        with path.open("rb") as fh:
            return _read_capped(fh, max_bytes, label)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise InputError(f"{label}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{label}: is a directory, not an article file") from exc
    except PermissionError as exc:
        raise InputError(f"{label}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror or exc})") from exc


# --- URLs -----------------------------------------------------------------------------


def _looks_like_url(name: str) -> bool:
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", name) is not None


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """The body of a fetched URL and what its headers said about it."""

    url: str
    body: bytes
    content_type: str | None
    charset: str | None


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses; False for private, loopback,
    link-local, multicast, reserved, unspecified and shared (CGNAT) ones.

    IPv4 addresses wrapped in IPv6 (``::ffff:127.0.0.1``, 6to4, Teredo) are judged by the
    IPv4 address inside, which is where the connection would really go.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if address.teredo is not None:
            inner = address.teredo[1]
        if inner is not None:
            return is_public_address(inner)
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to, through the system resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def fetch_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 15.0,
    resolve: Resolver = resolve_host,
    allow_address: AddressPolicy = is_public_address,
    max_redirects: int = MAX_REDIRECTS,
) -> FetchedPage:
    """GET an http(s) URL with a size cap, an overall deadline and an address policy.

    Redirects are followed by hand, at most ``max_redirects``, so that every hop's host is
    resolved and checked. The connection goes to the address that was checked, not to a
    second lookup of the name, so DNS rebinding cannot slip a private address in.
    Environment proxies are not used.
    """
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        parts = urllib.parse.urlsplit(current)
        scheme, host = parts.scheme.lower(), parts.hostname
        if scheme not in {"http", "https"} or not host:
            raise InputError(f"{url}: only http:// and https:// URLs can be read")
        if parts.username or parts.password:
            raise InputError(f"{url}: URLs with credentials are not accepted")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as exc:
            raise InputError(f"{url}: invalid port in {current}") from exc
        address = _checked_address(url, host, port, resolve, allow_address)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        status, reason, headers, body = _get(
            scheme, host, port, address, target, deadline, max_bytes, url
        )
        if status in _REDIRECT_STATUSES:
            location = headers.get("location")
            if not location:
                raise InputError(f"{url}: HTTP {status} redirect without a Location")
            current = urllib.parse.urljoin(current, location.strip())
            logger.debug("%s redirects to %s", url, current)
            continue
        if not 200 <= status < 300:
            raise InputError(f"{url}: HTTP {status} {reason}".rstrip())
        content_type, charset = _parse_content_type(headers.get("content-type"))
        if content_type and not _is_textual(content_type):
            raise InputError(f"{url}: not a text or HTML page ({content_type})")
        return FetchedPage(url=current, body=body, content_type=content_type, charset=charset)
    raise InputError(f"{url}: more than {max_redirects} redirects")


def _checked_address(
    url: str, host: str, port: int, resolve: Resolver, allow: AddressPolicy
) -> IPAddress:
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = resolve(host, port)
        except OSError as exc:
            raise InputError(f"{url}: cannot resolve host {host}") from exc
    if not addresses:
        raise InputError(f"{url}: cannot resolve host {host}")
    for address in addresses:
        if not allow(address):
            shown = host if host == str(address) else f"{host} ({address})"
            raise InputError(
                f"{url}: refusing to connect to {shown}: "
                "not a public address (private, loopback, link-local, multicast or reserved)"
            )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a checked address, with the URL's host name in the headers."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate must match the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _get(
    scheme: str,
    host: str,
    port: int,
    address: IPAddress,
    target: str,
    deadline: float,
    max_bytes: int,
    url: str,
) -> tuple[int, str, dict[str, str], bytes]:
    from geonews import __version__

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise InputError(f"{url}: timed out")
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    conn = connection_class(host, port, str(address), remaining)
    # The socket timeout bounds each read, not the whole: a server sending a byte a
    # second would hold the read for ever. At the deadline the watchdog shuts the socket.
    watchdog = threading.Timer(remaining, _shut_down, args=(conn,))
    watchdog.daemon = True
    watchdog.start()
    response: http.client.HTTPResponse | None = None
    try:
        conn.request(
            "GET",
            target,
            headers={
                "User-Agent": f"geonews/{__version__}",
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "identity",
            },
        )
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status in _REDIRECT_STATUSES:
            return response.status, response.reason, headers, b""
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in {"", "identity"}:
            raise InputError(f"{url}: unsupported Content-Encoding {encoding}")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise _too_large(url, max_bytes)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            if time.monotonic() > deadline:
                raise InputError(f"{url}: timed out")
            chunk = response.read1(min(65536, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if time.monotonic() >= deadline:  # the watchdog may have cut the body short
            raise InputError(f"{url}: timed out")
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        return response.status, response.reason, headers, b"".join(chunks)
    except TimeoutError as exc:
        raise InputError(f"{url}: timed out") from exc
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline:
            raise InputError(f"{url}: timed out") from exc
        raise InputError(f"{url}: cannot fetch ({exc})") from exc
    finally:
        watchdog.cancel()
        if response is not None:  # http.client leaves it open when the server closes
            response.close()
        conn.close()


def _shut_down(conn: http.client.HTTPConnection) -> None:
    """End a connection's pending reads from another thread (close alone does not)."""
    if conn.sock is not None:
        with contextlib.suppress(OSError):
            conn.sock.shutdown(socket.SHUT_RDWR)


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower() or None, charset


def _is_textual(content_type: str) -> bool:
    return content_type.startswith("text/") or content_type in {
        "application/xhtml+xml",
        "application/xml",
    }
