"""The pages say exactly what the source toolkit says: no more, no less.

Each test guards one fix from the issue "say exactly what the research says", or one kind of
slip found while fixing it: speakers the source does not name, aims stated as facts, qualifiers
dropped or added, our own examples shown as research findings, and ideas lost on the way. The
tests read the Markdown in docs/ and need no build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The source text sits beside the project in the shared folder; tests that compare with it are
# skipped where it is not there.
SOURCE = ROOT.parent / "shared" / "source" / "time-to-shine-co-production-toolkit-2021.txt"

QUOTE_OPEN = re.compile(r"<!--\s*quotation:\s*(\S.*?)\s*-->")
QUOTE_CLOSE = re.compile(r"<!--\s*/quotation\s*-->")
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Speaker words that need the source's backing when they describe who said something.
ROLE = (r"man|woman|gentleman|lady|worker|volunteer|officer|manager|chair|chairman|chairwoman|"
        r"member of staff|staff member|lay minister|dentist|carer|leader|funder|professional|"
        r"older man|older woman")
SPEAKER_ROLE = re.compile(rf"\b(?:one|a|an|another|the|this|that)\s+(?:{ROLE})\b", re.I)
GENDER = re.compile(r"\b(?:he|she|his|her|hers|him|himself|herself)\b", re.I)
COUNT = re.compile(r"\b(?:another|someone else|a (?:second|third|fourth) (?:person|speaker))\b", re.I)

# What the source itself says about a speaker, so our words may say it too. Each entry is
# (page, word or phrase as it appears on our page, lower case) with the source's wording.
ALLOWED = {
    # "One volunteer remarked that her feedback on the project's new activity timetable was
    # ignored" and "Another volunteer described feeling as if they did not have the authority"
    ("part-1/02-why-co-produce.md", "one volunteer"),
    ("part-1/02-why-co-produce.md", "another volunteer"),
    ("part-1/02-why-co-produce.md", "another"),
    ("part-1/02-why-co-produce.md", "her"),
    # "I'm one of the lay ministers at the church ... I did work for many years as a dentist in
    # the village"
    ("part-2/02-values.md", "a lay minister"),
    ("part-2/02-values.md", "a dentist"),
    ("activities/03-exploring-your-values.md", "a lay minister"),
    ("activities/03-exploring-your-values.md", "a dentist"),
    # "as a worker you can't just do what you want to do and involve people when you're ready"
    ("part-2/04-power-and-influence.md", "a worker"),
    ("part-2/04-power-and-influence.md", "the worker"),
    ("activities/08-examining-power.md", "a worker"),
    ("activities/08-examining-power.md", "the worker"),
    # "rather than me [just] being the nominal chairman of it"
    ("part-2/01-defining-co-production.md", "the chair"),
}


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def read(rel: str) -> str:
    return (DOCS / rel).read_text(encoding="utf-8")


def plain(rel: str) -> str:
    """A page's text on one line, with links reduced to their words."""
    return " ".join(re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", read(rel)).split())


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]


def quote_boxes(text: str) -> list[tuple[int, str]]:
    """Each `!!! quote` box on a page, as (line number, title and body in one string)."""
    lines = text.splitlines()
    boxes = []
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)!!! quote(.*)$", line)
        if not m:
            continue
        indent = len(m.group(1))
        body = [m.group(2)]
        for nxt in lines[i + 1:]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            body.append(nxt.strip())
        boxes.append((i + 1, " ".join(body)))
    return boxes


def research_quote_boxes():
    """Quote boxes that report what people in the research said. The box that holds the
    credited quotation is Louise Whitehead's own definition, not a research participant's."""
    for path in pages():
        rel = path.relative_to(DOCS).as_posix()
        for lineno, box in quote_boxes(path.read_text(encoding="utf-8")):
            if not QUOTE_OPEN.search(box):
                yield rel, lineno, box


def sentence_with(text: str, phrase: str) -> str:
    flat = " ".join(text.split())
    i = flat.find(phrase)
    assert i >= 0, f"{phrase!r} not found"
    start = max(flat.rfind(". ", 0, i), flat.rfind("\n", 0, i)) + 1
    end = flat.find(". ", i)
    return flat[start:end if end >= 0 else None]


# Who runs the activities ---------------------------------------------------------------------


NO_EXPERIENCE = re.compile(
    r"no (?:previous |prior )?experience|without (?:any )?experience|do not need to have run|"
    r"don't need to have run|need not have run|anyone can (?:run|lead|facilitate|be a facilitator)|"
    r"can be anyone", re.I)


def test_no_page_says_a_facilitator_needs_no_experience():
    found = [f"{p.relative_to(DOCS)}: {m.group(0)}" for p in pages()
             for m in NO_EXPERIENCE.finditer(p.read_text(encoding="utf-8"))]
    assert not found


def test_activities_are_for_a_trained_facilitator_everywhere():
    # Source: "a series of activities, delivered by a trainer" and part two "is primarily
    # designed to be used by a trained facilitator to deliver a training workshop".
    for rel in ("activities/index.md", "part-1/03-how-to-use-this-toolkit.md", "about.md", "index.md"):
        assert "trained facilitator" in plain(rel), rel


def test_first_time_facilitator_is_told_how_to_prepare():
    text = read("activities/index.md")
    assert "## If you have not run a workshop before" in text
    assert "#if-you-have-not-run-a-workshop-before" in read("index.md")


def test_glossary_keeps_the_two_facilitator_jobs_apart():
    entry = read("glossary.md").split("### Facilitator", 1)[1].split("\n### ", 1)[0]
    flat = " ".join(entry.split())
    assert "training workshop" in flat
    assert "glue" in flat
    assert "two different jobs" in flat or "two uses" in flat


# Invented speakers ---------------------------------------------------------------------------


def test_quote_boxes_name_no_role_gender_or_count_the_source_does_not_give():
    found = []
    for rel, lineno, box in research_quote_boxes():
        for pattern in (SPEAKER_ROLE, GENDER, COUNT):
            for m in pattern.finditer(box):
                if (rel, m.group(0).lower()) not in ALLOWED:
                    found.append(f"{rel}:{lineno}: {m.group(0)!r}")
    assert not found


def test_one_quoted_block_stays_one_speaker():
    # Source: one quotation, from "The benefit to me is knowing that I am helping people" to
    # "what was it that you enjoyed doing that once gave you that?"
    box = next(b for _, b in quote_boxes(read("part-2/02-values.md")) if "worse off" in b)
    assert box.count("One person") == 1
    assert not re.search(r"\b(?:someone|a third|another|a second)\b", box, re.I)


def test_activity_3_names_no_volunteer_or_worker_speaker():
    box = next(b for _, b in quote_boxes(read("activities/03-exploring-your-values.md")))
    assert not re.search(r"\b(?:a volunteer|a worker|his)\b", box, re.I)


# Aims stated as facts ------------------------------------------------------------------------


def test_the_shared_word_is_one_way_to_promote_equality_not_a_fact():
    # Source: "Using the word stakeholders ... is one way to promote an equal relationship" and
    # "Despite the best intentions, different stakeholders may hold different power".
    for rel in ("part-1/01-what-is-co-production.md", "glossary.md"):
        flat = " ".join(read(rel).split())
        assert "because everyone takes part on equal terms" not in flat, rel
        assert "to show that all are equal" not in flat, rel
        assert "one way to help people take part as equals" in flat, rel
        assert "power" in sentence_with(flat, "one way to help people take part as equals") \
            or "power equal" in flat, rel


def test_equality_card_is_an_aim():
    flat = " ".join(read("activities/03-exploring-your-values.md").split())
    assert "Everyone takes part as an equal" not in flat
    assert "Everyone should take part as an equal" in flat


# The top rung --------------------------------------------------------------------------------


def test_top_of_the_ladder_is_co_design_and_co_production():
    # Source: "Co-production and co-design sit on the top rung of the ladder".
    text = read("part-2/04-power-and-influence.md")
    assert "This is the top rung." not in text
    item = next(line for line in text.splitlines() if line.startswith("7. Co-production"))
    assert "co-design" in item
    assert re.search(r"top rungs are \[co-design\]\([^)]*\) and co-production", text)
    assert "co-design and co-production at the top" in text
    assert "top are co-design and co-production" in " ".join(read("glossary.md").split())


# Dropped or added qualifiers -----------------------------------------------------------------


def test_chapter_4_keeps_the_sources_qualifiers():
    text = read("part-2/04-power-and-influence.md")
    # "Sometimes organisations say they want to share decision-making"
    assert "Many organisations say" not in text
    assert "Sometimes organisations say" in text
    # "Sometimes, in specific circumstances, power can be unbalanced."
    assert "for a reason everyone can see" not in text
    assert "Sometimes, in particular cases, power is uneven." in text
    # "sometimes co-production means working in a different way and taking risks"
    needs = text.split("Everyone taking part needs to:", 1)[1].split("\n\n", 2)[1]
    assert "new way" not in needs
    assert "Sometimes co-production also means working in a new way" in text
    # "the relationship can be mutually beneficial, or reciprocal, rather than exploitative"
    assert "both sides gain" not in text
    assert "can be good for both sides" in text


def test_activity_8_keeps_can_on_a_fair_deal():
    assert "both sides gain" not in read("activities/08-examining-power.md")


def test_emotional_support_is_sometimes_needed():
    # "There is sometimes a risk that employees using co-production will need emotional support"
    assert "Sometimes" in sentence_with(read("part-2/05-risks-and-challenges.md"), "emotional support")
    assert "sometimes" in sentence_with(read("activities/09-warning-signs.md"), "emotional support")


def test_no_sometimes_added_to_the_funders_quote():
    # "That doesn't mean we don't want to do things that might conflict with that, it means we
    # can't." The quote has no "sometimes".
    box = next(b for _, b in quote_boxes(read("part-2/03-inclusive-approach.md")) if "government" in b)
    assert "sometimes" not in box.lower()


def test_ideas_may_fail_not_will():
    # "ideas may also fail"
    for rel in ("part-2/02-values.md", "activities/03-exploring-your-values.md"):
        assert "ideas will fail" not in " ".join(read(rel).split()), rel


# Who undervalues themselves ------------------------------------------------------------------


def test_activity_5_speaks_of_a_professional_job_not_a_job_title():
    # "particularly if they have not had a professional role"
    text = read("activities/05-mapping-your-assets.md")
    assert "job title" not in text
    assert "have not had a professional job" in " ".join(text.split())


# Lost ideas ----------------------------------------------------------------------------------


def test_emotional_loneliness_is_kept():
    assert "emotional loneliness" in read("part-2/02-values.md").lower()
    assert "the lonely feeling inside" not in read("part-2/02-values.md")


def test_endings_say_the_activities_mirror_the_findings():
    # "The activities were developed to mirror and illustrate the research findings"
    flat = " ".join(read("part-2/06-endings.md").split())
    assert "mirror the research findings" in flat


def credited_quotations() -> list[tuple[str, str, str, str]]:
    """(page, who, quoted text, the page text after the closing marker) for each quotation."""
    out = []
    for path in pages():
        text = path.read_text(encoding="utf-8")
        for m in QUOTE_OPEN.finditer(text):
            close = QUOTE_CLOSE.search(text, m.end())
            assert close, f"{path}: quotation not closed"
            out.append((path.relative_to(DOCS).as_posix(), m.group(1), text[m.end():close.start()],
                        text[close.end():]))
    return out


def test_whitehead_definition_is_quoted_once_between_the_markers_and_credited():
    quotes = credited_quotations()
    assert [(page, who) for page, who, _, _ in quotes] == [
        ("part-2/01-defining-co-production.md", "Louise Whitehead")]
    _, _, quoted, after = quotes[0]
    flat = " ".join(quoted.split())
    assert flat.startswith('"Co-production is both a paradigm and method.')
    assert flat.endswith('organisations and the wider community."')
    assert len(WORD.findall(flat.lower())) <= 120
    # The credit follows the quoted words, in the same box.
    credit = after.split("\n\n", 2)[1]
    assert credit.startswith("    ") and "Louise Whitehead" in credit


def test_whitehead_definition_is_word_for_word():
    if not SOURCE.exists():
        pytest.skip("the source text is not beside the project")
    source = " ".join(SOURCE.read_text(encoding="utf-8").split())
    quoted = " ".join(credited_quotations()[0][2].split()).strip('"')
    assert quoted in source


def test_whitehead_definition_sits_beside_the_plain_version():
    text = read("part-2/01-defining-co-production.md")
    section = text.split("### The definition from the research", 1)[1].split("!!! activity", 1)[0]
    assert "Co-production is two things at once." in section
    assert QUOTE_OPEN.search(section)


def test_contributing_says_how_the_quotation_is_marked():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "<!-- quotation: Louise Whitehead -->" in text
    assert "<!-- /quotation -->" in text
    assert "120" in text


# Our own examples shown as findings ----------------------------------------------------------


def test_activity_9_example_signs_are_ours():
    flat = " ".join(read("activities/09-warning-signs.md").split())
    assert "signs from the toolkit" not in flat
    assert "They are our own examples, not findings from the research." in flat
    assert "our own examples, not findings from the research" in read("part-2/05-risks-and-challenges.md")


def test_pages_do_not_present_the_warning_signs_as_findings():
    for rel in ("index.md", "part-1/02-why-co-produce.md"):
        flat = " ".join(read(rel).split())
        for m in re.finditer(r"warning signs", flat):
            sentence = flat[max(flat.rfind(". ", 0, m.start()), 0):flat.find(".", m.end())]
            assert "your own" in sentence, f"{rel}: {sentence}"


def test_activity_3_values_are_the_most_common_not_a_research_finding():
    # "The most common values driving co-production are:"
    flat = " ".join(read("activities/03-exploring-your-values.md").split())
    assert "came out of research" not in flat
    assert "seven values most often found behind co-production" in flat


def test_activity_4_keeps_professionals_and_retirees_apart():
    # "those who respond tend to be highly skilled professionals or retirees"
    flat = " ".join(read("activities/04-identifying-stakeholders.md").split())
    assert "retired professionals" not in flat
    assert "highly skilled professionals or retired people" in flat
    assert "This list comes from research" not in flat


# Commitment ----------------------------------------------------------------------------------


def test_commitment_is_not_set_against_stepping_back():
    # Commitment: "co-production should not be taken away if problems arise". Stepping back:
    # "if ... they have to take a step back, that decision should be respected."
    flat = " ".join(read("activities/03-exploring-your-values.md").split())
    assert "commitment to the journey and respecting someone's choice to step back" not in flat
    assert "It does not mean each person must keep coming." in flat


@pytest.mark.parametrize("rel, phrase", [
    ("part-2/05-risks-and-challenges.md", "phone a volunteer who has missed meetings"),
    ("activities/09-warning-signs.md", "give the person a call"),
])
def test_a_call_after_missed_meetings_respects_a_choice_to_step_back(rel, phrase):
    para = next(p for p in paragraphs(read(rel)) if phrase in p)
    assert "step back" in para


# Small slips ---------------------------------------------------------------------------------


def test_activity_1_phone_version_goes_through_all_seven_parts():
    text = read("activities/01-what-do-you-know-about-co-production.md")
    assert "three boxes" not in text
    assert "seven parts of the worksheet" in text
    worksheet = text.split("## Worksheet", 1)[1]
    assert max(int(n) for n in re.findall(r"^\*\*(\d)\. ", worksheet, re.M)) == 7


def test_activity_1_keeps_envelopes_for_activity_11_only_in_a_series():
    text = read("activities/01-what-do-you-know-about-co-production.md").split("\n---\n", 1)[1]
    for line in text.splitlines():
        if "Activity 11" in line:
            assert "series" in line, line


def test_part_one_says_when_the_pandemic_was():
    text = read("part-1/03-how-to-use-this-toolkit.md")
    assert "For now" not in text
    for para in paragraphs(text):
        if "Covid-19" in para:
            assert "2021" in para, para
