"""make check: the British English spell check (tools/spelling.py), Ruff and node --check
(here too, so that make test holds the same line), and make check itself failing on a
misspelt page with the file, line and word.

The spell check tests are fast and run in make check; the one that runs make check on a
copy of the toolkit is marked slow, so make check does not run itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from tools import spelling

PAGE = """---
title: A page about organising
description: We recieve money from a funder.
section: part-2/03-inclusive-approach.md#asset-mapping
formats:
  - phone-or-post
---

# A page about organising

Every organization can take part. The colour of the programme does not matter.

```text
recieve inside a code block is not prose
```

See `recieve` in code, [a link](../recieve.md) and <https://example.org/organization>.
<!-- recieve in a comment -->
"""


def run(folder, *extra):
    return subprocess.run([sys.executable, str(ROOT / "tools" / "spelling.py"), str(folder), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_spell_check_names_recieve_and_organization_with_file_and_line(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    result = run(tmp_path / "docs")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    shown = (tmp_path / "docs" / "page.md").as_posix()
    # Only the two misspellings in prose: the front matter's description and the body. Not
    # the copies in code, a link target, an address or a comment; not the front matter keys.
    assert lines[:-1] == [
        f'{shown}:3:17: "recieve" is not in the British English dictionary (did you mean "receive"?). '
        "Correct it or, if it is right, add it to spelling-words.txt.",
        f'{shown}:11:7: "organization" is not in the British English dictionary (did you mean '
        '"organisation"?). Correct it or, if it is right, add it to spelling-words.txt.',
    ]
    assert lines[-1] == "spell check (en_GB-ise): 2 unknown words in 1 page"


def test_spell_check_accepts_british_spellings_and_the_project_words(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(
        "# Organise\n\nWe recognise the colour of the programme, in the neighbourhood centre.\n"
        "Ask your funder, the NHS or the ICO.\n", encoding="utf-8")
    result = run(tmp_path / "docs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "spell check (en_GB-ise): 0 unknown words in 1 page"


def test_the_toolkits_pages_have_no_unknown_word():
    result = run(ROOT / "docs", str(ROOT / "includes"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_blanked_text_keeps_lines_and_columns():
    lines = spelling.prose_lines(PAGE)
    assert len(lines) == PAGE.count("\n") + 1
    body = PAGE.split("\n")
    for kept, original in zip(lines, body, strict=True):
        for column, char in enumerate(kept):
            assert char == " " or char == original[column]


def test_a_missing_folder_is_one_line(tmp_path):
    result = run(tmp_path / "nowhere")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "is not a folder" in result.stderr


def test_ruff_finds_nothing_in_the_python():
    """make check's Ruff step, here too so that make test (CI) holds the same line."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_script_is_valid_javascript():
    """make check's node --check step: every .js we ship (docs/) or load into Chromium (hooks/)."""
    scripts = sorted(p for folder in ("docs", "hooks") for p in (ROOT / folder).rglob("*.js")
                     if "node_modules" not in p.parts)
    assert len(scripts) >= 5
    node = shutil.which("node")
    assert node, "node --check needs Node.js: run make setup (scripts/ensure-check-tools)"
    bad = []
    for script in scripts:
        result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines()  # where (file:line), then the error
            bad.append(" ".join([lines[0], next((line for line in lines if "Error" in line), "")]))
    assert not bad, "\n".join(bad)


@pytest.mark.slow
def test_make_check_fails_on_a_misspelt_page(tmp_path):
    """make check, on a copy of the toolkit with "recieve" and "organization" in a page,
    stops with the file, line and word of each."""
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("docs", "hooks", "includes", "scripts", "tools", "tests"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "spelling-words.txt", "mkdocs.yml"):
        shutil.copy2(ROOT / name, copy / name)
    os.utime(copy / "requirements.lock", (0, 0))  # older than the installed .venv: no reinstall
    about = copy / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text + "\nWe recieve help from every organization.\n", encoding="utf-8")
    line = text.count("\n") + 2

    # -o: never install into the shared environment from the copy (pip would point the
    # project's own install at this folder, which is deleted after the test).
    result = subprocess.run(["make", "check", f"VENV={ROOT / '.venv'}", "-o", f"{ROOT / '.venv'}/.installed"],
                            cwd=copy, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f'docs/about.md:{line}:4: "recieve" is not in the British English dictionary' in output
    assert f'docs/about.md:{line}:28: "organization" is not in the British English dictionary' in output
    assert "make check: all passed" not in output
