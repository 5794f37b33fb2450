"""The house a maintainer lives in (issue 21): parts by job, one way to import, scripts as
scripts, and the content rules in one place that the build, make check and the tests share."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT
from hooks.content.docs_model import read_docs
from hooks.rules import check_docs

HOOKS = ROOT / "hooks"
PACKAGES = sorted(p.parent for p in HOOKS.glob("*/__init__.py"))
ADAPTERS = sorted(HOOKS.glob("mkdocs_*.py"))
OWN_PYTHON = sorted(p for folder in ("hooks", "tools", "tests") for p in (ROOT / folder).rglob("*.py")
                    if "node_modules" not in p.parts)


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_adapters_sit_at_the_top_of_hooks_and_everything_else_in_a_package_by_job():
    assert {p.name for p in PACKAGES} >= {"content", "worksheets", "print", "planner", "site", "easy_read"}
    loose = sorted(p.name for p in HOOKS.glob("*.py") if p.name not in ("__init__.py", "rules.py")
                   and not p.name.startswith("mkdocs_"))
    assert loose == [], f"modules outside a package: {loose}"
    hooks_in_config = re.findall(r"^\s*- (hooks/\S+\.py)", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert hooks_in_config and all(Path(h).name.startswith("mkdocs_") for h in hooks_in_config)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_each_package_says_what_it_owns_and_what_it_may_import(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert "Owns:" in doc and "May import:" in doc


def test_no_module_outside_the_adapters_imports_mkdocs_or_an_adapter():
    # So the checks and outputs stay plain Python over docs/ and site/, whatever builds the HTML.
    for path in sorted(HOOKS.rglob("*.py")):
        if path in ADAPTERS:
            continue
        names = imported(path)
        assert not {n for n in names if n == "mkdocs" or n.startswith("mkdocs.")}, path
        assert not {n for n in names if n.split(".")[-1].startswith("mkdocs_")}, path


def test_every_module_imports_one_way():
    # The project installs itself (make setup: pip install -e .): no path tricks, no fallbacks.
    for path in OWN_PYTHON:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert ast.unparse(node.func) not in ("sys.path.insert", "sys.path.append"), \
                    f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                assert "ImportError" not in ast.unparse(node.type), f"{path.relative_to(ROOT)}:{node.lineno}"


def test_javascript_run_in_chromium_lives_in_js_files_not_python_strings():
    # Each script pdf_render runs in the page is a file in hooks/print/js (node --check reads it).
    scripts = sorted((HOOKS / "print" / "js").glob("*.js"))
    assert len(scripts) >= 8
    for path in sorted(HOOKS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not re.search(r"=>\s*\{|document\.querySelector", node.value), \
                    f"{path.relative_to(ROOT)}:{node.lineno}: JavaScript in a Python string; move it to a .js file"


def test_the_toolkits_docs_keep_every_content_rule():
    assert [str(f) for f in check_docs(read_docs(ROOT / "docs", shown_root="docs"))] == []


def test_steps_that_do_not_add_up_are_found_with_file_and_line(tmp_path):
    # Today's example (issue 21): steps of 65 minutes in a 60-minute activity.
    docs = tmp_path / "docs"
    for page in (ROOT / "docs").rglob("*.md"):
        (docs / page.relative_to(ROOT / "docs")).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.relative_to(ROOT / "docs")).write_bytes(page.read_bytes())
    page = next(docs.glob("activities/04-*.md"))
    text = page.read_text(encoding="utf-8")
    step = re.search(r"^1\. \*\*(.+?) \((\d+) minutes?\)\.\*\*", text, re.M)
    longer = text.replace(step.group(0), f"1. **{step.group(1)} ({int(step.group(2)) + 5} minutes).**", 1)
    page.write_text(longer, encoding="utf-8")
    steps_line = longer[: longer.index("\n## Steps")].count("\n") + 2
    found = [str(f) for f in check_docs(read_docs(docs, shown_root="docs"))]
    assert found == [f"docs/activities/{page.name}:{steps_line}: the steps add up to 65 minutes, but "
                     f"'duration: 60' (line {longer.split(chr(10)).index('duration: 60') + 1}); change a "
                     "step's minutes or the duration so they agree"]


# make test runs the tests in two processes (pytest-xdist, --dist loadgroup). A file whose
# tests share one costly thing (a build, every PDF read line by line, one page load for each
# page's checks) keeps them in one process with an xdist_group mark. pytest 9.2 broke those
# marks without a word (pytest-xdist issue 1386): each test went to either process, and both
# made the costly thing. This runs a small suite as make test does and checks the marks hold.
GROUPED = '''
import os
from pathlib import Path

import pytest


@pytest.mark.xdist_group("together")
@pytest.mark.parametrize("n", range(8))
def test_grouped(n):
    Path(os.environ["OUT"], f"{n}-{os.environ['PYTEST_XDIST_WORKER']}").touch()


@pytest.mark.parametrize("n", range(8))
def test_free(n):
    pass
'''


@pytest.mark.slow
def test_tests_marked_to_share_a_process_run_in_one(tmp_path):
    import os
    import subprocess
    import sys

    flags = re.search(r"^test: .*\n\t\$\(BIN\)/python -m pytest (.*)$", (ROOT / "Makefile").read_text(),
                      re.M).group(1).replace("$(WORKERS)", "2")
    (tmp_path / "suite").mkdir()
    (tmp_path / "suite" / "test_grouped.py").write_text(GROUPED)
    (tmp_path / "suite" / "pytest.ini").write_text("[pytest]\n")
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *flags.split()],
                            cwd=tmp_path / "suite", env=dict(os.environ, OUT=str(out)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    ran = sorted(p.name for p in out.iterdir())
    assert len(ran) == 8, ran
    assert len({name.split("-", 1)[1] for name in ran}) == 1, \
        f"the tests of one xdist_group ran in more than one process: {ran}"


def test_suite_times_reads_pytests_closing_line_and_knows_which_test_files_are_new():
    """tools/suite_times.py, the same-hour benchmark of make test, reads pytest's time from
    its closing line and, with --same-files, leaves out exactly the files added since."""
    from tools import suite_times

    out = "....\n======================= 1536 passed in 257.41s (0:04:17) =======================\n"
    assert suite_times.SUMMARY.findall(out) == [("1536 passed", "257.41")]
    failed = "=== 2 failed, 1534 passed, 1 skipped in 301.02s (0:05:01) ===\n"
    assert suite_times.SUMMARY.findall(failed) == [("2 failed, 1534 passed, 1 skipped", "301.02")]
    # The files it compares are the test files pytest runs, and no helper (conftest, paper).
    files = suite_times.test_files("HEAD")
    assert {"tests/test_house.py", "tests/test_keyboard.py"} <= files
    assert not {"tests/conftest.py", "tests/paper.py"} & files
    assert all(ROOT.joinpath(name).is_file() for name in files)


def test_every_test_that_builds_is_left_out_of_make_check():
    """make check runs the tests not marked slow or browser, in under a minute: a test that
    calls mkdocs_build must carry the slow mark, or ask for a fixture that does (conftest)."""
    from conftest import _SLOW_FIXTURES

    unmarked = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
                continue
            builds = any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "mkdocs_build"
                         for n in ast.walk(node))
            marked = any("mark.slow" in ast.unparse(d) for d in node.decorator_list)
            if builds and not marked and _SLOW_FIXTURES.isdisjoint(a.arg for a in node.args.args):
                unmarked.append(f"{path.name}::{node.name}")
    assert not unmarked, f"these build but would run in make check: {unmarked}"
