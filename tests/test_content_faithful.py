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


def test_three_passages_are_not_given_to_one_speaker():
    # Source L215-220: three passages in one pair of quotation marks ("The benefit to me is
    # knowing...", "I hoped it would be a two-way street...", "I think befriending..."), with no
    # word on who said them: not "One person said ... They also said ...", and not three people.
    box = next(b for _, b in quote_boxes(read("part-2/02-values.md")) if "worse off" in b)
    assert "One person said" not in box
    assert "They also said" not in box
    assert not re.search(r"\b(?:someone|a third|another|a second)\b", box, re.I)
    assert "does not say whether one person or more said them" in box
    assert box.count(" - ") == 3


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


# Large print is made, not enlarged -----------------------------------------------------------
# UK Association for Accessible Formats guidance: large print is not made by enlarging a page on
# a photocopier (the page gets unwieldy and the layout does not change). The pages point to the
# large print files instead.

ENLARGING = re.compile(r"\bA3\b|photocop|enlarg", re.I)


def test_no_page_says_to_enlarge_a_page_on_a_photocopier():
    found = [f"{p.relative_to(DOCS)}:{n}: {line.strip()}" for p in pages()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if ENLARGING.search(line)]
    assert not found


@pytest.mark.parametrize("rel", ["accessibility.md", "downloads.md"])
def test_bigger_text_than_large_print_comes_from_the_large_print_files(rel):
    flat = plain(rel)
    sentence = sentence_with(flat, "bigger than 18 point")
    assert "large print Word or OpenDocument" in flat[flat.find(sentence):flat.find(sentence) + 400]
    assert "print it on A4" in flat


@pytest.mark.parametrize("rel", [
    "activities/01-what-do-you-know-about-co-production.md",
    "activities/02-defining-co-production.md",
    "activities/03-exploring-your-values.md",
])
def test_activities_point_to_their_large_print_files(rel):
    line = next(line for line in read(rel).splitlines() if line.startswith("- Large print:"))
    assert "large print worksheet (18 point)" in line or "large print worksheet, which has 18 point" in line
    assert "](#worksheet)" in line and "](../downloads.md#worksheets)" in line


# Exactly what the research says (issue 18) ---------------------------------------------------


def test_service_users_should_be_among_the_stakeholders_not_must_always():
    # L161: "with a range of stakeholders, one of whom should be those who use the services"
    text = " ".join(read("activities/02-defining-co-production.md").split())
    assert "must always be among them" not in text
    assert "The people who use the service should be among them." in text
    assert "| People who use the service are always included |" not in text
    assert "| People who use the service should be included |" in text
    chapter = " ".join(read("part-2/01-defining-co-production.md").split())
    assert "should always be among them" not in chapter
    assert "People who use the services should be among them." in chapter


def test_the_confident_talker_is_a_service_user_who_has_been_a_senior_manager():
    # L406: "An assertive and confident individual, such as a service user who has held a senior
    # management position, may talk more than others at meetings." No "retired".
    card = next(line for line in read("activities/08-examining-power.md").split(
        "<!-- cards: Where power hides -->", 1)[1].split("\n    - ")[1:2])
    card = " ".join(card.split())
    assert "retired" not in card
    assert "service user" in card and "senior management" in card and "may talk" in card
    assert "retired" not in read("part-2/04-power-and-influence.md")


@pytest.mark.parametrize("rel", ["part-2/04-power-and-influence.md", "glossary.md",
                                 "activities/08-examining-power.md"])
def test_going_along_with_the_funder_held_even_if_some_disagreed(rel):
    # L394: "All stakeholders had to work within these parameters even if some stakeholders
    # disagreed." A condition, not a report that some did disagree.
    flat = " ".join(read(rel).split())
    assert "those who did not agree" not in flat
    assert re.search(r"even if some of them (?:did not agree|disagreed)", flat)


@pytest.mark.parametrize("rel", ["part-2/04-power-and-influence.md", "activities/08-examining-power.md"])
def test_a_close_group_may_outnumber_others_not_outvote_them(rel):
    # L409: "may use their bond to outnumber others"
    flat = " ".join(read(rel).split())
    assert "outvote" not in flat
    assert "bond to outnumber" in flat


def test_care_taken_over_power_is_an_effort_not_an_outcome():
    # L424: "Care and attention was paid to ensure no one stakeholder held undue power"
    chapter = " ".join(read("part-2/04-power-and-influence.md").split())
    assert "made sure that no single stakeholder" not in chapter
    assert "Great care was also taken to try to stop any single stakeholder having too much power" in chapter
    activity = " ".join(read("activities/08-examining-power.md").split())
    assert "set up so no one person or organisation could take over" not in activity
    assert "Great care was taken to try to stop any one person or organisation" in activity


def test_undervaluing_yourself_is_common_for_people_in_general():
    # L292: "It is common for people, particularly if they have not had a professional role, to
    # undervalue what they have to offer"
    chapter = " ".join(read("part-2/03-inclusive-approach.md").split())
    assert "This is common for people who have not had a professional job." not in chapter
    assert "It is common for people to think they have less to offer than they really do." in chapter
    assert "even more likely for people who have not had a professional job" in chapter
    activity = " ".join(read("activities/05-mapping-your-assets.md").split())
    assert "Many people think they have little to offer." not in activity
    assert "It is common for people to think they have less to offer" in activity
    assert "most likely for people" not in activity


def test_chapter_3_keeps_may_appear_to_and_can():
    flat = " ".join(read("part-2/03-inclusive-approach.md").split())
    # L316: "may require some preparation and planning"
    assert "takes preparation and planning" not in flat
    assert "may take some preparation and planning" in flat
    # L382: "challenges appear to bring clarity to roles"
    assert "A challenge makes it clearer" not in flat
    assert "A challenge seems to make it clearer who does what" in flat
    # L382: "this can be a time when many lose interest"
    assert "can be a time when many people lose interest" in sentence_with(flat, "ticking along")
    activity = " ".join(read("activities/07-what-stakeholders-need.md").split())
    assert "which makes roles clear" not in activity
    assert "which seems to make roles clearer" in activity


def test_the_ways_to_involve_more_people_are_not_a_fixed_count():
    # L336: "some successful strategies ... which include:"
    flat = " ".join(read("part-2/03-inclusive-approach.md").split())
    assert "six ways" not in flat
    assert "The research found some ways that worked well" in flat


def test_stigma_is_others_disapproval_not_shame():
    flat = " ".join(read("part-2/03-inclusive-approach.md").split())
    assert "stigma, which is a sense of shame" not in flat
    gloss = sentence_with(flat, "Stigma is when")
    assert "look down on someone" in gloss and "bad label" in gloss


def test_briefing_keeps_conditions_and_marks_its_own_addition():
    flat = " ".join(read("briefing.md").split())
    # L90: "Improve morale if managers, staff and volunteers feel they are genuinely including
    # their service users' views"
    assert "Better staff morale." not in flat
    assert "Better staff morale, if staff feel they truly include users' views." in flat
    # L464: "often requires more resources initially"
    assert "more staff at first" not in flat
    assert "often needs more resources at first" in flat
    # The Care Act is not in the source: the briefing says so.
    para = next(p for p in paragraphs(read("briefing.md")) if "Care Act" in p)
    assert para.startswith("Not from the research")


def test_easy_read_says_who_the_toolkit_is_for_and_who_made_the_guide():
    flat = " ".join(read("easy-read.md").split())
    # L35, L122: for people and groups interested in co-production.
    assert "mostly for the people who run the group's meetings" not in flat
    assert "The toolkit is for people and groups who want to try co-production." in flat
    # This is an independent retelling, as About says.
    assert "The toolkit comes from the University of Sheffield." not in flat
    assert "This guide is not from the university." in flat


def test_easy_read_lived_experience_is_more_than_using_the_service():
    # L201 "lived experience of loneliness"; L300 "lived experience of an illness or difficult
    # life challenge"
    box = next(p for p in read("easy-read.md").split('<div class="idea"') if "**lived experience**" in p)
    box = " ".join(box.split())
    assert "lonely" in box and "ill" in box and "hard times" in box
    assert box.index("lonely") < box.index("use the service")


def test_easy_read_says_some_things_the_group_cannot_change():
    # L346 "explaining what organisations can and cannot do, the parameters the service works
    # within"; L457 "work within parameters they may not agree with"
    flat = " ".join(read("easy-read.md").split())
    assert "the group cannot change some things, like rules set by the people who pay" in flat
    assert "The facilitator should tell you what these things are." in flat


@pytest.mark.parametrize("rel, claim, advice", [
    ("activities/04-identifying-stakeholders.md",
     "People who are not online often know others who are not online",
     "It is worth asking people who are not online"),
    ("activities/09-warning-signs.md", "Most problems start small", "In our view, many problems start small"),
    ("activities/12-planning-your-journey.md", "It makes it more likely to happen.", None),
])
def test_claims_the_research_does_not_make_are_marked_as_ours_or_gone(rel, claim, advice):
    flat = " ".join(read(rel).split())
    assert claim not in flat
    if advice:
        assert advice in flat


# Shifts found by the second reading (issue 18) -----------------------------------------------
# Four reviewers read every page against the source, one page at a time. Each row is one
# finding that was checked against the source line in the comment and fixed: the page no
# longer says the first phrase, and says the second. /work/review/TALLY.md lists them all.

SECOND_READING = [
    # Co-production involves a range of stakeholders, not only a service and its users (L53-67, L161).
    ("index.md", "a service and the people who use it plan it, run it and check it together",
     "and with others who have an interest in it, as equals"),
    ("part-1/01-what-is-co-production.md", "and the people who run it work on it together, as equals.",
     "and with others who have an interest in it, as equals."),
    ("part-1/02-why-co-produce.md", "and the people who run it work on it together, as equals.",
     "and with others who have an interest in it, as equals."),
    ("part-1/03-how-to-use-this-toolkit.md", "and the people who run it work on it together, as equals.",
     "and with others who have an interest in it, as equals."),
    ("about.md", "a service together with the people who use it.",
     "with the people who use it and others who have an interest in it."),
    ("part-2/03-inclusive-approach.md", "means people who use services and people who run them working together",
     "and with others who have an interest in them."),
    ("part-2/04-power-and-influence.md", "people who use a service and people who run it plan and decide",
     "and with others who have an interest in it, as equals."),
    ("part-2/05-risks-and-challenges.md", "people who use a service and people who run it plan and decide",
     "and with others who have an interest in it, as equals."),
    ("part-2/06-endings.md", "people who use a service and people who run it plan and decide",
     "and with others who have an interest in it, as equals."),
    ("activities/01-what-do-you-know-about-co-production.md",
     "the people who use a service and the people who run it working on it together",
     "and with others who have an interest in it, as equals."),
    ("activities/03-exploring-your-values.md", "people who use a service and people who run it work as equals.",
     "and with others who have an interest in it, as equals."),
    # L75: co-production can take place at any or all of the stages.
    ("briefing.md", "Together they decide what is needed, plan it, run it and check it, starting at any of",
     "work on it as equals, at any or all of these four stages"),
    ("glossary.md", "Together they decide what is needed, plan it, run it and check how well it works.",
     "They can work together at one of these stages or at all of them"),
    ("activities/12-planning-your-journey.md", "You can work together at one stage, or at all four.",
     "You can work together at one stage, at some of them, or at all four."),
    # L83, L107: "can", "potential negative effects", "or the attempt is not genuine".
    ("index.md", "gain, and what goes wrong when co-production is missing.",
     "can gain, and what can go wrong when co-production is missing or not genuine."),
    ("part-1/02-why-co-produce.md", "and what goes wrong without it.", "and what can go wrong without it."),
    # L9: "Several groups contributed".
    ("index.md", "Many groups took part.", "Several groups took part."),
    ("about.md", "Many groups took part.", "Several groups took part."),
    # L124: "primarily designed to be used by a trained facilitator".
    ("index.md", "The activities were made for a trained facilitator.",
     "The activities were made mainly for a trained facilitator."),
    # L51: the values of those involved are the foundations "so that co-production can take place".
    ("part-1/01-what-is-co-production.md", "Without them, it cannot really happen.",
     "The values of the people taking part, and an understanding of power, come first."),
    # L71: "I have worked with many groups [in the past] where things are just put on."
    ("part-1/01-what-is-co-production.md", "simply laid on for them, without asking",
     "They had worked with many groups in the past where things were just laid on."),
    # L81: "can be a hard thing to achieve".
    ("part-1/02-why-co-produce.md", "co-production is not easy, and it comes with challenges",
     "co-production has its challenges, and can be hard to achieve"),
    # L89: "should be a gold standard because they valued the approach".
    ("part-1/02-why-co-produce.md", "the way all services aim to work", 'should be a "gold standard"'),
    ("briefing.md", 'it should be the "gold standard"', 'it should be a "gold standard"'),
    # L102: "often given as a reason for taking part".
    ("part-1/02-why-co-produce.md", "People often say this is why they take part",
     "People often give this as a reason for taking part"),
    # L111: two outcomes side by side, not cause and effect.
    ("part-1/02-why-co-produce.md", "so they do not commit to it.",
     "People do not feel committed to the service, or feel that it is theirs."),
    # L118: "was not consulted"; "all set out, and I'm behind the scenes".
    ("part-1/02-why-co-produce.md", "was never asked", "The wider group was not asked"),
    ("part-1/02-why-co-produce.md", "Everything had been decided already",
     "Their own work was all set out for them"),
    # L128, L132: "designed to help"; "think through some of the issues".
    ("part-1/03-how-to-use-this-toolkit.md", "The activities help individuals and groups",
     "The activities are designed to help individuals and groups"),
    ("part-1/03-how-to-use-this-toolkit.md", "think through the issues that come up",
     "think through some of the issues"),
    ("activities/11-evaluating-the-training.md", "They help people find their way through challenges.",
     "find their way through challenges and think through some of the issues."),
    # L358-367: resources, not only money; L465: two causes of a risk to reputation.
    ("briefing.md", "**Money.** For staff, training, venues", "**Resources.** Paid staff and volunteers"),
    ("briefing.md", "If it is not genuine, your good name is at risk.",
     "It can harm your name if it is not genuine or power is unbalanced."),
    # L147: "often used interchangeably with, for example".
    ("part-2/01-defining-co-production.md", "You may hear it used to mean the same as:",
     "It is often used to mean the same as other words, for example:"),
    # L149: "what co-production looks like"; "care arrangements"; "a wide range of people".
    ("part-2/01-defining-co-production.md", "hard to say what it should look like",
     "hard to say exactly what it looks like"),
    ("part-2/01-defining-co-production.md", "the care plan for one person", "the care arrangements for one person"),
    ("part-2/01-defining-co-production.md", "a great many people may work together on new ways",
     "a wide mix of people may work together on ways"),
    ("activities/01-what-do-you-know-about-co-production.md", "shaping how a service runs across the whole country",
     "working out how goods and services are provided across the whole country"),
    # L151: "hard to agree on"; "limits possibilities"; "difficult for people to understand".
    ("part-2/01-defining-co-production.md", "people cannot tell what co-production is",
     "it is hard for people to understand what co-production is"),
    ("activities/02-defining-co-production.md", "nobody can tell what co-production is",
     "it gets hard for people to understand what co-production is"),
    # L157: "helps to make the process clearer and fairer".
    ("part-2/01-defining-co-production.md", "This makes the work clearer and fairer.",
     "This helps to make the work clearer and fairer."),
    ("activities/02-defining-co-production.md", "A shared statement makes the work clearer and fairer",
     "A shared statement helps to make the work clearer and fairer"),
    ("activities/02-defining-co-production.md", "why a shared statement makes the work clearer",
     "how a shared statement helps to make the work clearer"),
    # L53, L161: stakeholders are the people and organisations taking part.
    ("activities/02-defining-co-production.md", "meaning everyone with an interest in the work",
     "meaning the people and organisations with an interest in the work"),
    # L179: "It is therefore vital that stakeholders have a conversation about their ... values".
    ("activities/03-exploring-your-values.md", "So it helps to talk about them openly.",
     "So it is vital to talk about them openly"),
    # L183: users help to co-commission, not pay; the organisation sets up the steering group
    # and offers free transport.
    ("part-2/02-values.md", "decide what services are needed and pay for them",
     "decide what services are needed and how the money for them is spent"),
    ("part-2/02-values.md", "so that cost does not keep people away",
     "so that getting there does not stop people taking part"),
    ("activities/03-exploring-your-values.md", "a group that guides the work, offers free transport",
     "an organisation might set up a steering group"),
    # L193: power differences "need to be explored and sometimes challenged".
    ("activities/03-exploring-your-values.md", "which may need to be talked about or challenged",
     "This needs to be talked about, and sometimes challenged."),
    # L201: "sometimes called an asset-based, or strengths-based approach".
    ("activities/03-exploring-your-values.md", "This is called an asset-based approach",
     "This is sometimes called an asset-based approach"),
    # L207: "often the easiest part"; "will often go up and down".
    ("part-2/02-values.md", "The hard part comes after.", "is often the easy part. The harder part usually comes after."),
    ("activities/03-exploring-your-values.md", 'Saying "we will do co-production" is the easy part.',
     'Saying "we will do co-production" is often the easy part.'),
    ("part-2/02-values.md", "There will be ups and downs", "It will often have ups and downs"),
    # L211: "particularly important"; "should respect individual preference"; "whatever level
    # they can"; "where people feel pressured to take part".
    ("part-2/02-values.md", "This matters most for volunteers", "This is especially important for volunteers"),
    ("activities/03-exploring-your-values.md", "that choice is respected",
     "co-production should respect that choice"),
    ("activities/03-exploring-your-values.md", "at whatever level suits them",
     "stay involved as much as they are able"),
    ("activities/07-what-stakeholders-need.md", "Pushing people to take part when they do not want to",
     "When people feel under pressure to take part, this is called the tyranny of participation"),
    ("activities/12-planning-your-journey.md", "Pushing people to take part when they do not want to",
     "When people feel under pressure to take part, this is called the tyranny of participation"),
    # L218: "they get something out of it and I do" (the speaker confirms their own gain only).
    ("part-2/02-values.md", "They said that is just how it has turned out.",
     "And the helper does get something out of it."),
    # L220: "You hear people saying".
    ("part-2/02-values.md", "People often say they do not feel useful",
     "You hear people say they do not feel useful"),
    # L226: "personal resources"; "can encourage"; "Another way to build mutually beneficial
    # relationships".
    ("activities/03-exploring-your-values.md", "sometimes their own money, so they should",
     "sometimes their own money or other things of their own, so they should"),
    ("activities/03-exploring-your-values.md", "which builds confidence to try new things",
     "which can help them feel confident to try new things"),
    ("part-2/02-values.md", "Another way to make sure everyone gains", "Another way to help everyone gain"),
    ("activities/08-examining-power.md", "This is called reciprocity.",
     "When everyone involved gets something back, this is called reciprocity."),
    # L290: no "often" in the speaker's words.
    ("part-2/03-inclusive-approach.md", "they often use these buzzwords",
     "they use these buzzwords and formal words without really thinking"),
    # L292: a good range of assets comes from a varied mix, not from numbers.
    ("part-2/03-inclusive-approach.md", "The more of them there are, the more skills",
     "A wide mix of stakeholders gives the group a good range of skills"),
    ("activities/05-mapping-your-assets.md", "Many people think they have little to offer.",
     "especially likely for people who have not had a professional job"),
    # L299: "were able to encourage older people to join".
    ("part-2/03-inclusive-approach.md", "They got other older people to join in.",
     "They were able to encourage older people to join in."),
    ("activities/05-mapping-your-assets.md", "got older people to join",
     "were able to encourage older people to join"),
    # L300: "older people who were lonely and isolated used their experiences to shape services".
    ("glossary.md", "older people who had been lonely", "lonely and isolated older people in the research"),
    ("activities/05-mapping-your-assets.md", "Older people who had been lonely",
     "Older people who were lonely and isolated"),
    # L303-304: "some organisations could host meeting spaces".
    ("part-2/03-inclusive-approach.md", "some organisations let the group meet",
     "some organisations could offer their community spaces for meetings"),
    ("activities/05-mapping-your-assets.md", "Some groups let others meet",
     "Some organisations could offer their community rooms for meetings"),
    # L320: "organisations with fewer resources may not be able to attend every meeting".
    ("activities/07-what-stakeholders-need.md", "small groups and charities may need things too",
     "organisations with fewer resources may need things too"),
    # L326: they did not want to "feel that they then have to be involved".
    ("activities/07-what-stakeholders-need.md", "not help to plan them or volunteer",
     "without feeling they had to help plan them or volunteer"),
    # L330: under-represented groups "may include"; "have previously been less likely".
    ("part-2/03-inclusive-approach.md", "social inequalities. They include:", "social inequalities. They may include:"),
    ("activities/04-identifying-stakeholders.md", "some groups are often left out. These include",
     "some groups have been less likely to take part in the past. They may include"),
    ("activities/06-ground-rules-for-inclusive-language.md", "Groups who are often left out include",
     "Groups who have been less likely to take part in the past may include"),
    # L339: "This will help create a person-centred package of support".
    ("part-2/03-inclusive-approach.md", "Together, this makes a person-centred package",
     "Together, this helps to build a person-centred package"),
    # L339, L346: barriers mean people "may struggle to participate".
    ("activities/07-what-stakeholders-need.md", "People cannot take part if",
     "People may find it hard to take part if"),
    # L346, L394: limits arise sometimes, set for example by a funder; explaining them helps.
    ("activities/06-ground-rules-for-inclusive-language.md", "Every group works within parameters",
     "A group may have to work within parameters"),
    ("activities/06-ground-rules-for-inclusive-language.md", "stops people feeling let down later",
     "We think the last rule is worth keeping."),
    # L366: expenses "so that unpaid stakeholders are not out of pocket".
    ("activities/07-what-stakeholders-need.md", "so no one is out of pocket",
     "so that people who are not paid are not out of pocket"),
    # L373: "people may be excited by a new project".
    ("activities/07-what-stakeholders-need.md", "People often start keen", "People may be keen at the start"),
    # L381: a facilitator "can help to drive the work forward".
    ("activities/07-what-stakeholders-need.md", "whose energy drives the work on",
     "whose energy can help drive the work on"),
    # L375: "We have identified factors": the toolkit's authors, not this site's "we".
    ("part-2/03-inclusive-approach.md", "We found six things", "The research team found six things"),
    # L422: "All stakeholders need to have an equal say" (an aim, not a fact).
    ("briefing.md", "Everyone has an equal say", "Everyone needs an equal say"),
    # L382: "It may be worth considering how to build capacity".
    ("part-2/03-inclusive-approach.md", "Think about how to build up the group's skills",
     "It may be worth thinking about how to build up the group's skills"),
    # L390, L392: people "may unintentionally" sway decisions and "might not be aware".
    ("activities/08-examining-power.md", "than others, often without knowing it.", "than others, and may not know it."),
    ("activities/08-examining-power.md", "Most of us do not notice the power we have.",
     "We may not notice the power we have."),
    ("activities/08-examining-power.md", "can sway the decision, often without meaning to",
     "may sway the decision, even without meaning to"),
    # L396: "It can be difficult for professionals ... for understandable reasons."
    ("part-2/04-power-and-influence.md", "There are fair reasons why staff and organisations find it hard",
     "It can be hard for professionals and organisations to share the power they hold. The reasons are easy to understand:"),
    # L402: "I've kind of worked my way around the commissioning cycle to try and understand".
    ("part-2/04-power-and-influence.md", "worked their way round the whole commissioning cycle",
     "They did this to try to learn how services fit together."),
    # L407, L410: "may take the final say"; "may be good at persuading".
    ("activities/08-examining-power.md", "contacts and money that ends up having the last word",
     "contacts and resources that may end up having the last word"),
    ("activities/08-examining-power.md", "someone in a senior job who is good at winning people round",
     "someone in an influential management job who may be good at winning people round"),
    # L424: "a series of forums, including general steering groups and more specialist
    # sub-committees".
    ("activities/08-examining-power.md", "through a steering group and smaller groups",
     "through steering groups and smaller groups"),
    ("glossary.md", "A steering group or a smaller sub-committee is a kind of forum.",
     "a sub-committee that looks at one topic, is a kind of forum."),
    # L428: co-production "aims to make decisions in partnership".
    ("part-2/04-power-and-influence.md", "On the top rungs, decisions are made in partnership",
     "On the top rungs, the aim is to make decisions in partnership"),
    ("part-2/04-power-and-influence.md", "where decisions are made together and power is shared",
     "where the aim is to make decisions together, and power is shared"),
    ("activities/08-examining-power.md", "That is where we decide as partners.",
     "That is where we aim to decide as partners."),
    # L434: "family health"; "you've got to work with the older people".
    ("activities/08-examining-power.md", "The work has to fit around the older people.",
     "Workers have to work with the older people."),
    # L436: sharing power "involves thinking about how all stakeholders can influence".
    ("part-2/04-power-and-influence.md", "sharing power equally means every stakeholder can shape",
     "sharing power equally means thinking about how every stakeholder can shape"),
    # L438: "often people interested in co-production are happy to give their time".
    ("activities/08-examining-power.md", "But many people are glad to give time",
     "But people who are interested in co-production are often glad to give time"),
    # L448: "does not always run smoothly".
    ("activities/09-warning-signs.md", "Every group hits bumps.", "Co-production does not always go smoothly."),
    # L450: being mindful of risks; early warning is our advice.
    ("part-2/05-risks-and-challenges.md", "It helps to spot problems early.", "We suggest watching for problems early."),
    # L456: co-production "may contribute to people feeling excluded if" (three conditions).
    ("part-2/05-risks-and-challenges.md", "Co-production can leave people feeling shut out.",
     "Co-production may add to people feeling shut out."),
    # L232, L467: ideas "may also fail".
    ("activities/09-warning-signs.md", "knowing some will not work", "knowing some may not work"),
    ("activities/09-warning-signs.md", "Trying new things means some will fail",
     "Trying new things means some may fail"),
    # L464: "often requires more resources initially".
    ("activities/09-warning-signs.md", "needs more time and money at the start",
     "often needs more resources at the start, and the organisation struggles to find enough staff time"),
    # L477: "times when the group works more closely together".
    ("activities/10-reflecting-on-what-we-have-learnt.md", "when the group works hard on a task",
     "when the group works more closely together on a task"),
]


@pytest.mark.parametrize("rel, wrong, right", SECOND_READING,
                         ids=[f"{rel}:{wrong[:40]}" for rel, wrong, _ in SECOND_READING])
def test_second_reading_shifts_are_fixed(rel, wrong, right):
    flat = plain(rel)
    assert wrong not in flat, f"{rel} still says {wrong!r}"
    assert right in flat, f"{rel} does not say {right!r}"
