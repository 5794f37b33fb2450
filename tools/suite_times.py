"""How long `make test` takes from a fresh clone, now against an earlier commit, on this machine
in the same hour: python tools/suite_times.py COMMIT [--rounds N] [--same-files]

Why same hour: a shared 2-core machine can be twice as fast one day as another, so a time
written down last week says little about a change. This clones the repository twice into a
temporary folder (COMMIT and HEAD), runs CI's own command (`bash .ci/run`, which runs
`make test` with its set-up) in each, taking turns (COMMIT, HEAD, COMMIT, HEAD...), and prints
each run's time with set-up, pytest's own time and its closing line.

--same-files runs, at HEAD, only the test files that COMMIT has too (the others are passed
to pytest as --ignore): the checks that existed then, to tell work made cheaper from work added.

A benchmark to run and report, not a test: the figures go in the README. Nothing else should
run meanwhile. It needs what make test needs, and takes as long as the runs do (about ten
minutes a round on a 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"^=+ (.*\b(?:passed|failed)\b.*) in ([\d.]+)s\b.*=+$", re.M)


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_files(commit: str) -> set[str]:
    listed = git("ls-tree", "--name-only", commit, "tests/")
    return {name for name in listed.splitlines() if re.fullmatch(r"tests/test_\w+\.py", name)}


def clone(commit: str, folder: Path) -> None:
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    git("checkout", "--quiet", commit, cwd=folder)


def run(folder: Path, ignore: list[str]) -> tuple[float, str, float | None]:
    """One run of .ci/run: (seconds with set-up, pytest's closing line, pytest's seconds)."""
    env = dict(os.environ, CI="true")
    if ignore:
        env["PYTEST_ADDOPTS"] = " ".join(f"--ignore={name}" for name in ignore)
    start = time.monotonic()
    result = subprocess.run(["bash", ".ci/run"], cwd=folder, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    found = SUMMARY.findall(result.stdout)
    if result.returncode != 0 or not found:
        output = (result.stdout + result.stderr).strip().splitlines()
        # pytest's own lines for the tests that failed, else the last lines printed.
        said = [line for line in output if line.startswith(("FAILED ", "ERROR "))][:5] or output[-3:]
        return took, f"failed (exit {result.returncode}): {' / '.join(said)}", None
    line, seconds = found[-1]
    return took, line, float(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commit", help="the earlier commit to compare with, e.g. 7d3cd68")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each, taking turns (default 1)")
    parser.add_argument("--same-files", action="store_true",
                        help="at HEAD, run only the test files COMMIT has too")
    args = parser.parse_args()
    try:
        before = git("rev-parse", "--verify", "--quiet", f"{args.commit}^{{commit}}")
    except subprocess.CalledProcessError:
        print(f"error: {args.commit!r} is not a commit in this repository; give one from 'git log'.")
        return 2
    head = git("rev-parse", "HEAD")
    ignore = sorted(test_files(head) - test_files(before)) if args.same_files else []
    with tempfile.TemporaryDirectory(prefix="suite-times-") as tmp:
        # The source beside the clones, as beside this one: the copied-text tests need it.
        if (ROOT.parent / "shared").is_dir():
            (Path(tmp) / "shared").symlink_to(ROOT.parent / "shared")
        folders = {"before": Path(tmp) / "before", "now": Path(tmp) / "now"}
        clone(before, folders["before"])
        clone(head, folders["now"])
        print(f"before: {before[:10]}; now: {head[:10]}"
              + (f", leaving out {len(ignore)} test files that are new since" if ignore else ""))
        for round_ in range(1, args.rounds + 1):
            for name in ("before", "now"):
                took, line, seconds = run(folders[name], ignore if name == "now" else [])
                pytest_time = f"pytest {seconds:.0f} s, " if seconds is not None else ""
                print(f"round {round_}, {name}: {took:.0f} s with set-up ({pytest_time}{line})", flush=True)
                # The next run of this clone sets up from scratch again, as a fresh clone does.
                subprocess.run(["git", "clean", "-qfdx"], cwd=folders[name], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
