"""Reading articles: decoding, HTML extraction, refusals, language, and guarded URL fetches."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import random
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from geonews.article import (
    IPAddress,
    detect_language,
    fetch_url,
    is_public_address,
    read_article,
)
from geonews.errors import InputError

FRENCH = (
    "La Biélorussie a déployé de nouvelles unités près de Brest, à quelques kilomètres "
    "de la frontière polonaise, selon le ministère de la Défense. Varsovie dénonce une "
    "provocation et renforce sa présence militaire dans la région."
)
ENGLISH = (
    "Belarus has deployed new units near Brest, a few kilometres from the Polish border, "
    "the defence ministry said. Warsaw called it a provocation and is strengthening its "
    "military presence in the region."
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Minsk masse des troupes à la frontière | Le Quotidien</title></head>
<body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li>
<li><a href="/sport">Sport et résultats du week-end</a></li></ul></nav>
<header><p>Le Quotidien — édition du soir</p></header>
<main><article>
<h1>Minsk masse des troupes à la frontière</h1>
<p>La Biélorussie a déployé de nouvelles unités près de Brest, à quelques kilomètres de la
Pologne, selon le ministère de la Défense à Minsk.</p>
<p>Varsovie a dénoncé une provocation et renforcé sa présence dans la région de Podlachie.
Le Kremlin n'a pas commenté ces mouvements de troupes.</p>
</article></main>
<footer><p>© 2024 Le Quotidien. Mentions légales. Politique de confidentialité.</p></footer>
</body></html>
"""


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail, instead of sending a packet, if a regression lets a fetch leave the machine."""
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"test tried to connect to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def one_line_naming(exc: pytest.ExceptionInfo[InputError], source: str) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert source in message
    return message


# --- decoding -------------------------------------------------------------------------


def test_utf8_file_is_read_verbatim(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", FRENCH.encode("utf-8"))
    art = read_article(path)
    assert art.text == FRENCH
    assert art.source == str(path)


def test_utf8_bom_is_dropped_from_the_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", FRENCH.encode("utf-8-sig"))
    assert read_article(path).text == FRENCH


@pytest.mark.parametrize(
    "sample",
    [
        "La Biélorussie accuse la Pologne.",
        "Minsk : l'armée biélorusse est déployée près de la frontière, à côté de Brest.",
        "L'œuvre « engagée » coûte 5 € — dit-on… à Biélorussie.",
        # Short and mostly ASCII: the detector alone read these as Big5 or GB2312.
        "The mayor of Évry met officials from Île-de-France in Paris.\n",
        "Réunion à Genève.",
    ],
)
def test_cp1252_french_is_decoded_as_cp1252(tmp_path: Path, sample: str) -> None:
    path = write(tmp_path, "a.txt", sample.encode("cp1252"))
    assert read_article(path, lang="fr").text == sample


@pytest.mark.parametrize(
    ("sample", "encoding"),
    [
        ("Łódź, Kraków i Gdańsk: żółw płynie przez Wisłę.", "cp1250"),
        ("Минск обвиняет Варшаву в провокациях на границе.", "cp1251"),
        ("The mayor of Beijing (北京) met officials from Shanghai (上海).", "gbk"),
        ("東京都知事は大阪府知事と月曜日に会談した。", "shift_jis"),
    ],
)
def test_non_western_legacy_text_is_not_forced_into_cp1252(
    tmp_path: Path, sample: str, encoding: str
) -> None:
    assert read_article(write(tmp_path, "a.txt", sample.encode(encoding)), lang="xx").text == sample


def test_utf8_with_a_few_bad_bytes_is_read_as_utf8_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = "Banks in Zürich and Genève fell. ".encode() + b"The \xe9 franc. " + "Bâle too.".encode()
    with caplog.at_level("WARNING", logger="geonews"):
        text = read_article(write(tmp_path, "a.txt", data), lang="en").text
    assert text == "Banks in Zürich and Genève fell. The \ufffd franc. Bâle too."
    assert "1 byte is not valid UTF-8" in caplog.text


def test_script_and_style_text_stays_out_of_the_article_and_title(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>Madrid <script>var Paris = 'Berlin';</script></h1>"
        "<p>Floods hit Valencia and Seville on Monday, officials in Madrid said."
        " <style>.Tokyo { color: red }</style>Rescue teams reached the towns.</p>"
        "<p>More rain is forecast for the coast of Andalusia this week.</p></body></html>"
    )
    art = read_article(write(tmp_path, "page.html", page.encode()), lang="en")
    for leaked in ("Paris", "Berlin", "Tokyo", "var "):
        assert leaked not in art.text
        assert leaked not in (art.title or "")
    assert "Valencia and Seville" in art.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    data = FRENCH.encode(encoding)
    if encoding != "utf-16":  # the explicit-endian codecs write no BOM
        data = ("\ufeff" + FRENCH).encode(encoding)
    assert read_article(write(tmp_path, "a.txt", data)).text == FRENCH


def test_newlines_become_lf_and_text_is_nfc(tmp_path: Path) -> None:
    decomposed = "Ale\u0300s\r\nPe\u0301rigueux\rNi\u0302mes\n"
    art = read_article(write(tmp_path, "a.txt", decomposed.encode()), lang="fr")
    assert art.text == "Alès\nPérigueux\nNîmes\n"


def test_stdin_bytes_are_read_when_source_is_dash() -> None:
    art = read_article("-", stdin=io.BytesIO(("Crise à Minsk\n\n" + FRENCH).encode()))
    assert art.source == "-"
    assert art.title == "Crise à Minsk"
    assert art.text.endswith(FRENCH)


# --- titles and HTML ------------------------------------------------------------------


def test_plain_text_headline_becomes_the_title(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "a.txt", f"Minsk masse des troupes\n\n{FRENCH}".encode()))
    assert art.title == "Minsk masse des troupes"
    assert art.text.startswith("Minsk masse des troupes\n")


def test_plain_text_opening_sentence_is_not_a_title(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "a.txt", f"{FRENCH}\n\n{FRENCH}".encode()))
    assert art.title is None


def test_html_file_yields_main_text_and_title_without_boilerplate(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "page.html", NEWS_PAGE.encode()))
    assert art.title is not None and art.title.startswith("Minsk masse des troupes")
    assert "Biélorussie a déployé" in art.text
    assert "Le Kremlin n'a pas commenté" in art.text
    for boilerplate in ("Accueil", "Sport et résultats", "Mentions légales", "<p>"):
        assert boilerplate not in art.text
    assert art.text.startswith("Minsk masse des troupes")
    assert art.lang == "fr"


def test_html_is_sniffed_without_an_html_extension(tmp_path: Path) -> None:
    art = read_article(write(tmp_path, "page.txt", NEWS_PAGE.encode()))
    assert "Mentions légales" not in art.text
    assert "Podlachie" in art.text


def test_html_meta_charset_windows_1252_is_honoured(tmp_path: Path) -> None:
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    art = read_article(write(tmp_path, "page.html", page.encode("cp1252")))
    assert "La Biélorussie a déployé de nouvelles unités près de Brest" in art.text


def test_html_falls_back_to_html_parser_when_trafilatura_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    art = read_article(write(tmp_path, "page.html", NEWS_PAGE.encode()))
    assert art.title == "Minsk masse des troupes à la frontière | Le Quotidien"
    assert "Varsovie a dénoncé une provocation" in art.text
    for boilerplate in ("Accueil", "édition du soir", "Mentions légales"):
        assert boilerplate not in art.text


# --- refusals -------------------------------------------------------------------------


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as exc:
        read_article(path)
    assert "no such file" in one_line_naming(exc, str(path))


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_article(tmp_path)
    assert "directory" in one_line_naming(exc, str(tmp_path))


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  \n"])
def test_empty_or_whitespace_only_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "a.txt", content)
    with pytest.raises(InputError) as exc:
        read_article(path)
    assert "empty" in one_line_naming(exc, str(path))


def test_binary_file_with_nul_bytes_is_refused(tmp_path: Path) -> None:
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"
    path = write(tmp_path, "a.bin", data)
    with pytest.raises(InputError) as exc:
        read_article(path)
    assert "binary" in one_line_naming(exc, str(path))


def test_control_characters_without_nul_are_refused_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", bytes(range(1, 9)) * 50 + b"Paris")
    with pytest.raises(InputError) as exc:
        read_article(path)
    assert "binary" in one_line_naming(exc, str(path))


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", FRENCH.encode())
    path.chmod(0)
    if os.geteuid() != 0:
        with pytest.raises(InputError) as exc:
            read_article(path)
        assert "permission denied" in one_line_naming(exc, str(path))
        return
    # root ignores file modes: read in a forked child that drops to nobody's uid.
    tmp_path.chmod(0o755)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        message = "no error"
        try:
            os.setegid(65534)
            os.seteuid(65534)
            read_article(path)
        except InputError as err:
            message = str(err)
        except BaseException as err:
            message = f"unexpected {err!r}"
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    assert message == f"{path}: permission denied"


def test_oversize_file_is_refused_with_the_limit_and_option(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"x" * 101)
    with pytest.raises(InputError) as exc:
        read_article(path, max_bytes=100)
    message = one_line_naming(exc, str(path))
    assert "100-byte limit" in message
    assert "--max-bytes" in message
    assert read_article(write(tmp_path, "b.txt", b"Paris " * 10), max_bytes=60).text


class EndlessStream(io.RawIOBase):
    """A stream that never ends and counts what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = len(buffer)
        buffer[:n] = b"a" * n
        self.taken += n
        return n


def test_oversize_stream_is_refused_after_reading_at_most_limit_plus_one() -> None:
    stream = EndlessStream()
    with pytest.raises(InputError, match=r"<stdin>.*1,000-byte limit"):
        read_article("-", stdin=stream, max_bytes=1000)  # type: ignore[arg-type]
    assert stream.taken == 1001


# --- language -------------------------------------------------------------------------


def test_french_paragraph_is_detected_as_french() -> None:
    assert detect_language(FRENCH) == "fr"


def test_english_paragraph_is_detected_as_english() -> None:
    assert detect_language(ENGLISH) == "en"


def test_other_languages_get_their_own_code() -> None:
    german = "Die Bundesregierung hat am Montag in Berlin neue Sanktionen gegen Minsk beschlossen."
    assert detect_language(german) == "de"


def test_text_without_letters_falls_back_to_english() -> None:
    assert detect_language("2024 — 12 / 34 ... 56") == "en"


def test_lang_argument_overrides_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", FRENCH.encode())
    assert read_article(path).lang == "fr"
    assert read_article(path, lang="en").lang == "en"


# --- URLs: address policy -------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.251",
        "0.0.0.0",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def refuse_connections(host: str, port: int) -> list[IPAddress]:
    raise AssertionError(f"resolver must not be called for {host}")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1:8080/x",
        "http://169.254.169.254/latest/",
        "http://[::1]/",
    ],
)
def test_literal_private_address_urls_are_refused_before_connecting(url: str) -> None:
    with pytest.raises(InputError, match="not a public address"):
        fetch_url(url, resolve=refuse_connections)


def test_host_resolving_to_a_private_address_is_refused() -> None:
    def resolve(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("10.1.2.3")]

    with pytest.raises(InputError) as exc:
        fetch_url("https://news.example/article", resolve=resolve)
    message = one_line_naming(exc, "https://news.example/article")
    assert "10.1.2.3" in message


@pytest.mark.parametrize("url", ["ftp://example.org/a.txt", "file:///etc/passwd"])
def test_only_http_and_https_urls_are_read(url: str) -> None:
    with pytest.raises(InputError, match="only http"):
        read_article(url)


def test_urls_can_be_disabled() -> None:
    with pytest.raises(InputError, match="disabled"):
        read_article("https://news.example/a", allow_urls=False)


# --- URLs: a real fetch from a server on 127.0.0.1 ------------------------------------


class Routes(dict[str, tuple[int, dict[str, str], bytes]]):
    """Path → (status, headers, body) for the test server, and a log of requested paths."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []


@pytest.fixture
def server() -> Iterator[tuple[str, Routes]]:
    routes = Routes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            routes.requested.append(self.path)
            status, headers, body = routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", routes
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def loopback_too(address: IPAddress) -> bool:
    """The test-only policy: the public rule, plus the loopback test server."""
    return address.is_loopback or is_public_address(address)


def test_html_page_is_fetched_from_a_local_server_with_a_permissive_policy(
    server: tuple[str, Routes],
) -> None:
    base, routes = server
    routes["/news"] = (200, {"Content-Type": "text/html; charset=utf-8"}, NEWS_PAGE.encode())
    art = read_article(f"{base}/news", allow_address=loopback_too)
    assert art.source == f"{base}/news"
    assert art.title is not None and art.title.startswith("Minsk masse des troupes")
    assert "Podlachie" in art.text
    assert "Mentions légales" not in art.text


def test_local_server_is_refused_under_the_default_policy(server: tuple[str, Routes]) -> None:
    base, routes = server
    routes["/news"] = (200, {"Content-Type": "text/plain"}, b"Paris")
    with pytest.raises(InputError, match="not a public address"):
        read_article(f"{base}/news")
    assert routes.requested == []


def test_redirect_to_a_private_address_is_refused_on_the_hop(server: tuple[str, Routes]) -> None:
    base, routes = server
    port = base.rsplit(":", 1)[1]
    routes["/start"] = (302, {"Location": f"http://intranet.example:{port}/admin"}, b"")

    def resolve(host: str, port: int) -> list[IPAddress]:
        assert host == "intranet.example"
        return [ipaddress.ip_address("192.168.0.10")]

    with pytest.raises(InputError, match=r"intranet\.example \(192\.168\.0\.10\)"):
        fetch_url(f"{base}/start", resolve=resolve, allow_address=loopback_too)
    assert routes.requested == ["/start"]


def test_redirects_are_followed_up_to_three_hops(server: tuple[str, Routes]) -> None:
    base, routes = server
    for i in range(4):
        routes[f"/r{i}"] = (301, {"Location": f"/r{i + 1}"}, b"")
    routes["/r4"] = (200, {"Content-Type": "text/plain; charset=utf-8"}, FRENCH.encode())
    page = fetch_url(f"{base}/r1", allow_address=loopback_too)
    assert page.url == f"{base}/r4"
    assert page.body == FRENCH.encode()
    with pytest.raises(InputError, match="more than 3 redirects"):
        fetch_url(f"{base}/r0", allow_address=loopback_too)


def test_http_error_status_is_reported(server: tuple[str, Routes]) -> None:
    base, _routes = server
    with pytest.raises(InputError, match="HTTP 404"):
        fetch_url(f"{base}/missing", allow_address=loopback_too)


def test_oversize_download_is_refused_by_header_and_by_stream(server: tuple[str, Routes]) -> None:
    base, routes = server
    routes["/declared"] = (200, {"Content-Length": "5000"}, b"a" * 5000)
    routes["/streamed"] = (200, {"Content-Type": "text/plain"}, b"a" * 5000)  # no length
    for path in ("/declared", "/streamed"):
        with pytest.raises(InputError, match="1,000-byte limit"):
            fetch_url(f"{base}{path}", max_bytes=1000, allow_address=loopback_too)


def test_non_text_content_type_is_refused(server: tuple[str, Routes]) -> None:
    base, routes = server
    routes["/doc.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7")
    with pytest.raises(InputError, match="application/pdf"):
        fetch_url(f"{base}/doc.pdf", allow_address=loopback_too)


def test_importing_the_module_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, geonews.article, geonews.output; "
        "heavy = {'trafilatura', 'py3langid', 'charset_normalizer', 'lxml'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("headers_first", [True, False])
def test_a_server_that_drips_bytes_for_ever_is_cut_off_at_the_deadline(
    headers_first: bool,
) -> None:
    """The timeout bounds the whole fetch, not each read: a byte every 0.2 s never ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def drip() -> None:
        conn, _ = listener.accept()
        conn.recv(4096)
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Pad: "
        with contextlib.suppress(OSError):
            if headers_first:
                conn.sendall(head + b"1\r\n\r\n")
            else:
                conn.sendall(head)
            while not stop.wait(0.2):  # a header or a body that never ends
                conn.sendall(b"a")
        conn.close()

    outcome: list[BaseException | None] = []

    def fetch() -> None:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        try:
            fetch_url(url, timeout=1.0, allow_address=loopback_too)
            outcome.append(None)
        except InputError as exc:
            outcome.append(exc)

    server = threading.Thread(target=drip, daemon=True)
    client = threading.Thread(target=fetch, daemon=True)
    server.start()
    client.start()
    client.join(30)  # a liveness bound: the fetch must end at all, not be fast
    outlived = client.is_alive()
    stop.set()
    server.join()
    client.join()
    listener.close()
    assert not outlived, "the fetch outlived its deadline"
    [error] = outcome
    assert error is not None and "timed out" in str(error)
