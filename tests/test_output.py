"""Atomic output writes that never clobber a file geonews did not write."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from geonews.errors import OutputError
from geonews.output import GENERATOR_MARK, is_geonews_file, starts_with_header, write_output

OUR_HTML = f"<!DOCTYPE html><html><head>{GENERATOR_MARK}<title>map</title></head></html>"


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_new_file_is_written_and_its_absolute_path_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    written = write_output(Path("map.html"), OUR_HTML)
    assert written == tmp_path / "map.html"
    assert written.read_text(encoding="utf-8") == OUR_HTML
    assert leftovers(tmp_path) == []


def test_new_file_gets_0644_less_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        written = write_output(tmp_path / "a.html", OUR_HTML)
    finally:
        os.umask(old)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640


def test_replacing_keeps_the_old_files_mode(tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.write_text(OUR_HTML)
    path.chmod(0o600)
    write_output(path, OUR_HTML + "<!-- v2 -->")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_own_html_is_replaced_atomically_by_a_new_inode(tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.write_text(OUR_HTML)
    before = path.stat().st_ino
    write_output(path, OUR_HTML + "<p>new</p>")
    assert path.read_text() == OUR_HTML + "<p>new</p>"
    assert path.stat().st_ino != before  # renamed into place, not rewritten in place
    assert leftovers(tmp_path) == []


def test_failure_at_rename_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "map.html"
    path.write_text(OUR_HTML)

    staged: list[str] = []

    def broken_replace(src: str, dst: object) -> None:
        staged.append(Path(src).read_text())
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left on device") as exc:
        write_output(path, "<html>half</html>")
    assert "\n" not in str(exc.value)
    assert staged == ["<html>half</html>"]  # the temp file existed, complete, before the rename
    assert path.read_text() == OUR_HTML
    assert leftovers(tmp_path) == []


def test_interrupt_mid_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "map.html"
    path.write_text(OUR_HTML)

    def interrupted_fsync(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_output(path, "<html>half</html>")
    assert path.read_text() == OUR_HTML
    assert leftovers(tmp_path) == []


def test_foreign_file_is_refused_without_force(tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.write_text("<html><body>my own notes</body></html>")
    with pytest.raises(OutputError) as exc:
        write_output(path, OUR_HTML)
    message = str(exc.value)
    assert "--force" in message and str(path) in message and "\n" not in message
    assert path.read_text() == "<html><body>my own notes</body></html>"


def test_foreign_file_is_replaced_with_force(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n")
    write_output(path, "x,y\n", force=True)
    assert path.read_text() == "x,y\n"


def test_csv_is_never_taken_for_geonews_output(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(f"# generator: geonews\n{GENERATOR_MARK}\n")
    assert not is_geonews_file(path)
    with pytest.raises(OutputError, match="--force"):
        write_output(path, "mention,lat,lon\n")


def test_owned_predicate_decides_for_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text("mention,lat,lon\nMinsk,53.9,27.56\n")
    write_output(path, "mention,lat,lon\n", owned=lambda p: p.read_text().startswith("mention,"))
    assert path.read_text() == "mention,lat,lon\n"


def test_csv_with_the_exact_header_row_can_be_claimed(tmp_path: Path) -> None:
    owned = starts_with_header(["mention", "lat", "lon"])
    ours = tmp_path / "ours.csv"
    ours.write_bytes(b"mention,lat,lon\r\nMinsk,53.9,27.56\r\n")
    theirs = tmp_path / "theirs.csv"
    theirs.write_text("mention,lat,lon,notes\nMinsk,53.9,27.56,mine\n")
    assert owned(ours)
    assert not owned(theirs)
    write_output(ours, "mention,lat,lon\r\n", owned=owned)
    with pytest.raises(OutputError, match="--force"):
        write_output(theirs, "mention,lat,lon\r\n", owned=owned)


def test_empty_existing_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.touch()
    write_output(path, OUR_HTML)
    assert path.read_text() == OUR_HTML


def test_missing_parent_directories_are_created(tmp_path: Path) -> None:
    path = tmp_path / "out" / "2024" / "map.html"
    assert write_output(path, b"<html></html>") == path
    assert path.read_bytes() == b"<html></html>"


def test_directory_at_the_output_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_output(tmp_path, OUR_HTML, force=True)


def test_fifo_at_the_output_path_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        write_output(fifo, OUR_HTML, force=True)


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text(OUR_HTML)
    link = tmp_path / "link.html"
    link.symlink_to(real)
    write_output(link, OUR_HTML + "<!-- v2 -->")
    assert link.is_symlink()
    assert real.read_text() == OUR_HTML + "<!-- v2 -->"


def test_html_is_ours_only_with_the_generator_mark_in_the_first_4kb(tmp_path: Path) -> None:
    head = tmp_path / "head.html"
    head.write_text(OUR_HTML + "x" * 10_000)
    late = tmp_path / "late.html"
    late.write_text("<html>" + "x" * 5000 + GENERATOR_MARK)
    assert is_geonews_file(head)
    assert not is_geonews_file(late)


@pytest.mark.parametrize("sort_keys", [False, True])
def test_geojson_is_ours_with_a_generator_member_first_or_last(
    tmp_path: Path, sort_keys: bool
) -> None:
    features = [{"type": "Feature", "properties": {"name": f"p{i}"}} for i in range(500)]
    doc = {"generator": "geonews", "type": "FeatureCollection", "features": features}
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps(doc, sort_keys=sort_keys, indent=1))
    assert path.stat().st_size > 20_000
    assert is_geonews_file(path)


def test_geojson_without_generator_member_is_foreign(tmp_path: Path) -> None:
    path = tmp_path / "places.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "generator": "qgis"}))
    assert not is_geonews_file(path)


def test_check_outputs_refuses_a_foreign_file_and_a_path_named_twice(tmp_path: Path) -> None:
    from geonews.output import check_outputs

    theirs = tmp_path / "theirs.csv"
    theirs.write_text("a,b\n")
    check_outputs([(tmp_path / "new.html", None), (tmp_path / "new.geojson", None)])
    with pytest.raises(OutputError, match="--force"):
        check_outputs([(tmp_path / "new.html", None), (theirs, None)])
    check_outputs([(theirs, None)], force=True)
    with pytest.raises(OutputError, match="two outputs"):
        check_outputs([(tmp_path / "m.html", None), (tmp_path / "." / "m.html", None)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.csv"]  # nothing written
