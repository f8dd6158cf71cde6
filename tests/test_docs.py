"""The README is the first documentation: its CLI reference and commands must be true."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_generator() -> object:
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "docs/cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_cli_reference_matches_help() -> None:
    generator: object = _load_generator()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert generator.updated_readme(text) == text, (  # type: ignore[attr-defined]
        "README CLI reference is stale: run python docs/cli_reference.py"
    )


def test_quick_start_commands_are_make_targets() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start.*?```\n(.*?)```", text, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make map", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in commands:
        assert re.search(rf"^{command.split()[1]}:", makefile, re.M)


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from geonews.cli import cli;"
        "heavy = {'spacy', 'folium', 'shapely', 'geopy', 'babel'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
