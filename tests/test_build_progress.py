"""The build says what it is doing while it makes the downloads: a line per stage, at INFO,
so a minute of printing is never a minute of silence."""

from __future__ import annotations

import re


def test_the_build_says_each_stage_of_the_downloads(build_result):
    result, _ = build_result
    assert result.returncode == 0, result.stderr[-3000:]
    said = [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("INFO")]
    stages = [
        r"Making the downloads: the PDFs with Chromium, and the Word and OpenDocument files beside "
        r"them \(about a minute\)\.\.\.",
        r"Printing the whole toolkit, standard and large print \(2 PDFs\)\.\.\.",
        r"Printing the worksheets and card sheets \(\d+ PDFs\)\.\.\.",
        r"Printing the large print worksheets and card sheets \(\d+ PDFs\)\.\.\.",
        r"Printing the activities, each with its run sheet \(\d+ PDFs\)\.\.\.",
        r"Printing the forms \(\d+ PDFs\)\.\.\.",
        r"Printing the large print forms \(\d+ PDFs\)\.\.\.",
        r"Printing the pages with a PDF of their own \(\d+ PDFs\)\.\.\.",
        r"Checking the last PDFs against PDF/UA-1 \(\d+ PDFs printed\)\.\.\.",
        r"Made \d+ PDFs in \d+ s",
        r"Writing the EPUB edition\.\.\.",
        r"Building the offline copy \(a second build of the site, zipped with the downloads\)\.\.\.",
        r"Made the offline copy \(co-production-toolkit-offline\.zip\): \d+ downloads in all, in \d+ s",
    ]
    found = [next((i for i, line in enumerate(said) if re.fullmatch(stage, line)), None) for stage in stages]
    assert None not in found, [s for s, i in zip(stages, found, strict=True) if i is None]
    assert found == sorted(found), "the stages are said in the order they happen"
