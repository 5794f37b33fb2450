"""Every rule the content of docs/ must keep, in one place.

The build (hooks/mkdocs_toolkit.py, before any page is made), ``make check`` (``python -m
hooks.rules docs``) and the tests all call ``check_docs``, so a rule is written once and a
broken page is found the same way everywhere: each finding is one line, ``path:line: what to
do``. The rules themselves live with what they are about:

- hooks/content/docs_model.py: front matter that can be read (YAML, with the line of the fault);
- hooks/content/citations.py: activities numbered 1 to N, their front matter, the section each
  goes with, and every part two chapter citing an activity;
- hooks/content/activity_rules.py: an activity's parts, timed steps that add up to its
  duration, words to say, space on the worksheet, the link back to its section;
- hooks/worksheets/cards.py: a cards marker has its list under it;
- hooks/worksheets/forms.py: a form page's front matter and its words;
- hooks/planner/planner.py: the ready-made plans on the planner page name real activities, and
  a series that says it holds every activity does;
- here: every activity is in mkdocs.yml's menu.

Plain Python over docs/: no MkDocs.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from hooks.content import activity_rules, citations
from hooks.content.docs_model import Docs, Finding, read_docs
from hooks.planner.planner import PLAN_PAGE, read_plans
from hooks.worksheets.cards import CardError, find_cards
from hooks.worksheets.forms import read_forms


def card_findings(docs: Docs) -> list[Finding]:
    found = []
    for page in docs.activities():
        body = "\n".join(docs.text(page)[page.body_start - 1:])
        try:
            find_cards(body, page.body_start, page.shown)
        except CardError as err:
            path, line, message = str(err).split(":", 2)
            found.append(Finding(path, int(line), message.strip()))
    return found


def menu_findings(docs: Docs, config_file: Path) -> list[Finding]:
    """Every activity is in the menu (``nav`` in mkdocs.yml), where readers and the EPUB's
    contents find it: a new activity's file names the line to add it after."""
    if not config_file.is_file():
        return []
    lines = config_file.read_text(encoding="utf-8").splitlines()
    if not any(line.startswith("nav:") for line in lines):
        return []  # no menu written out: MkDocs lists every page itself
    listed = {m.group(1): i + 1 for i, line in enumerate(lines)
              if (m := re.match(r"\s*-\s*(?:[^:]*:\s*)?(activities/\S+\.md)\s*$", line))}
    last = max(listed.values(), default=1)
    return [Finding(config_file.name, last, f"{page.src} is not in the menu (nav); add "
                    f"'- {page.src}' after this line, in the order of the activities' numbers")
            for page in docs.activities(readable_only=False) if page.src not in listed]


def check_docs(docs: Docs, config_file: Path | None = None) -> list[Finding]:
    """Every finding, in a stable order: reading problems and citations first. With
    ``config_file`` (mkdocs.yml), also that every activity is in the menu."""
    found = citations.check(docs) + activity_rules.check(docs) + card_findings(docs)
    found += read_forms(docs)[1]
    plan = docs.pages.get(PLAN_PAGE)
    if plan is not None and plan.readable:
        found += read_plans(plan, docs)[1]
    if config_file is not None:
        found += menu_findings(docs, config_file)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Check every content rule over the docs folder.")
    ap.add_argument("docs", nargs="?", default="docs", help="the docs folder (default: docs)")
    args = ap.parse_args(argv)
    docs_dir = Path(args.docs)
    if not docs_dir.is_dir():
        print(f"{args.docs}: no such folder; give the path of the docs folder", file=sys.stderr)
        return 2
    findings = check_docs(read_docs(docs_dir), docs_dir.parent / "mkdocs.yml")
    for f in findings:
        print(f)
    count = len(findings)
    print(f"content check: {count} finding{'s' if count != 1 else ''}", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
