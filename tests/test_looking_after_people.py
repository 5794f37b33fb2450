"""Looking after people (docs/looking-after-people.md): the site's own advice on safeguarding,
money, deciding for yourself and personal data, which a small group must be able to rely on,
and the same in the Easy Read guide (docs/easy-read.md). Issue 18, section 1.

Each test reads what a facilitator or a participant reads: the Markdown's words with the markup
taken out, section by section, or the built page where a part of it comes from another file.
Every one of them failed on the pages as they were before issue 18: the rule "share it with no
one outside the group without asking" had no exception, money was "pay people back quickly",
and the Easy Read guide's "Who to contact" named only the facilitator and 999.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CARE = ROOT / "docs" / "looking-after-people.md"
EASY = ROOT / "docs" / "easy-read.md"
NOTICE = ROOT / "docs" / "forms" / "privacy-notice.md"


def _plain(markdown: str) -> str:
    """Words as a reader sees them: links as their text, no bold, tags or line breaks."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>|\*\*|\{:[^}]*\}", "", text)
    return " ".join(text.split())


def _section(path: Path, heading: str) -> str:
    """The plain words of a section: from its heading to the next heading of its level or higher."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if re.fullmatch(rf"(#+)\s+{re.escape(heading)}\s*", line)), None)
    assert start is not None, f"{path.name} has no section {heading!r}"
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((j for j in range(start + 1, len(lines))
                if re.match(rf"#{{1,{level}}}\s", lines[j])), len(lines))
    return _plain("\n".join(lines[start + 1:end]))


def _links(path: Path) -> list[str]:
    return re.findall(r"\]\((https?://[^)\s]+)\)", path.read_text(encoding="utf-8"))


# --- Sharing worries ------------------------------------------------------------------------

def test_the_rule_on_sharing_states_its_exception_where_it_is_given():
    """The bold rule near the old line 46 once had no exception: a volunteer could wait for
    agreement before passing on a worry that someone was at risk."""
    text = _section(CARE, "Personal information")
    rule = re.search(r"Share it with no one outside the group without asking(.*?)(?:Destroy it)", text)
    assert rule, "the rule on sharing is gone"
    said = rule.group(1)
    assert "exception" in said and "risk of harm" in said, said
    assert re.search(r"even if the person does not agree", said), said
    # Care review M1: the volunteer always tells the lead; no "when that is needed" to weigh first.
    assert re.search(r"always tell your safeguarding lead", said), said
    assert "when that is needed" not in said, said


@pytest.mark.parametrize("fact", [
    r"risk of harm is the one exception to keeping things private",
    r"safeguarding lead, or the council's adult social care team, even if the person does not agree",
    r"Always tell the group's safeguarding lead",
    r"You do not have to decide first whether it is serious enough",
    r"The lead or the team decides what happens next",
    r"Where it is safe, talk it over with the person first",
    r"Making Safeguarding Personal",
    r"if talking first would put someone at more risk, or there is no time, tell someone straight away",
])
def test_the_exception_is_explained_with_making_safeguarding_personal(fact):
    text = _section(CARE, "If someone tells you something worrying")
    assert re.search(fact, text), fact


def test_the_volunteer_is_not_asked_to_judge_whether_telling_is_needed():
    """Care review M1: "even if the person does not agree, when that is needed to keep them
    safe" left a volunteer to decide whether telling was needed before telling anyone."""
    text = _section(CARE, "If someone tells you something worrying")
    assert "when that is needed" not in text
    assert "https://www.scie.org.uk/safeguarding/adults/practice/sharing-information" in _links(CARE)


def test_a_lead_who_cannot_be_reached_is_not_the_end_of_it():
    """Care review M2: "Tell your safeguarding lead the same day" had no next step for a lead
    who cannot be reached that day, or in the evening or at a weekend."""
    text = _section(CARE, "If someone tells you something worrying")
    assert re.search(r"If you have no lead, or cannot reach them that day, ring the adult social care team", text)
    assert re.search(r"In the evening or at a weekend, ring the council's out-of-hours number", text)


def test_a_worry_about_a_child_goes_to_childrens_services():
    text = _section(CARE, "If someone tells you something worrying")
    assert re.search(r"worry is about a child, ring the children's services team", text)


def test_there_is_a_second_person_to_tell_when_the_worry_is_about_the_facilitator_or_the_lead():
    text = _section(CARE, "If someone tells you something worrying")
    assert re.search(r"who else you can tell if the worry is about the facilitator, or about the "
                      r"safeguarding lead", text)


def test_999_in_an_emergency_stays():
    assert "If someone is in danger right now, ring 999." in _section(CARE, "If someone tells you something worrying")


# --- Money ------------------------------------------------------------------------------------

def test_real_costs_are_paid_back_against_receipts_never_a_flat_rate():
    text = _section(CARE, "Pay back real costs")
    for cost in ("travel", "care", "phone calls", "postage"):
        assert cost in text, cost
    assert "receipts" in text
    assert re.search(r"Never pay a flat rate", text)
    assert re.search(r"Before anyone takes part, tell them what you will pay back and how", text)
    assert re.search(r"Cover your own costs as the facilitator too", text)


@pytest.mark.parametrize("fact", [
    r"means-tested benefits, such as Pension Credit",
    r"thank-you payment, vouchers or a fee for their time",
    r"can affect means-tested benefits",
    r"may be taxable",
    r"can make a volunteer look like an employee",
    r"check first with a free adviser, such as Citizens Advice or Age UK Advice",
    r"check its funder's rules",
])
def test_payments_beyond_real_costs_come_with_their_risks_and_where_to_check(fact):
    assert re.search(fact, _section(CARE, "Check before you offer anything more")), fact


def test_people_on_benefits_are_told_to_report_a_payment_and_that_real_costs_are_safe():
    """Care review M4: nothing said to tell the benefit office about a payment, or that getting
    back real costs should not affect benefits."""
    text = _section(CARE, "Check before you offer anything more")
    assert re.search(r"tell the office that pays their benefits \(for Pension Credit, the Pension Service\)", text)
    assert re.search(r"Getting back what they really spent should not affect their benefits", text)
    assert re.search(r"The person can say no to it", text)


def test_the_money_advice_is_marked_as_not_legal_advice_and_links_the_public_guidance():
    assert "our advice, not legal or financial advice" in _section(CARE, "Expenses and payments")
    links = _links(CARE)
    assert "https://www.gov.uk/volunteering/pay-and-expenses" in links
    assert ("https://www.ncvo.org.uk/help-and-guidance/involving-volunteers/volunteers-and-the-law/"
            "volunteering-and-benefits/") in links
    # Care review M5: NIHR's guidance was linked at an old http:// INVOLVE address.
    assert "https://www.learningforinvolvement.org.uk/topic/payments/" in links, "NIHR's payment guidance"
    assert "https://www.citizensadvice.org.uk/" in links and "https://www.ageuk.org.uk/" in links
    # The page as a whole says it is guidance, not research and not legal advice.
    assert "it is not legal advice" in _plain(CARE.read_text(encoding="utf-8"))


# --- Deciding for yourself, health details -----------------------------------------------------

@pytest.mark.parametrize("fact", [
    r"Mental Capacity Act 2005",
    r"Assume that each person can decide for themselves",
    r"Use plain words, give them time, and let them bring a supporter",
    r"may not be able to decide about taking part or being quoted, talk to the people who support them",
    r"Never leave someone out for that reason alone",
])
def test_deciding_for_yourself(fact):
    assert re.search(fact, _section(CARE, "Deciding for yourself")), fact


def test_nobody_else_says_yes_to_quotes_photos_or_recordings_for_someone():
    """Care review M3: "Agree together how the person can take part", right after "being
    quoted", read as if a relative or carer could agree to quotes for the person."""
    text = _section(CARE, "Deciding for yourself")
    assert re.search(r"Nobody else can say yes for them to being quoted, photographed or recorded", text)
    assert re.search(r"If the person cannot agree to that themselves, do not quote, photograph or record them", text)
    assert re.search(r"A choice you think is unwise does not mean someone cannot decide", text)


def test_no_address_on_the_page_is_plain_http():
    """Care review M5: the NIHR link was http://; S1: the ICO's old special category address."""
    for path in (CARE, NOTICE):
        assert not re.findall(r"\]\(http://", path.read_text(encoding="utf-8")), path.name
    assert not [link for link in _links(CARE) if "invo.org.uk" in link or "guide-to-data-protection" in link]


@pytest.mark.parametrize("fact", [
    r"UK GDPR, details about someone's health are \"special category\" information",
    r"Ask about access needs, such as large print or a lift, not about illnesses",
    r"You do not need to know a diagnosis",
    r"Keep health details apart",
    r"Say why you are asking",
])
def test_health_details_are_special_category(fact):
    assert re.search(fact, _section(CARE, "Health details need extra care")), fact


# --- The privacy notice, as the built page shows it ---------------------------------------------

def test_the_care_page_shows_a_privacy_notice_a_group_can_copy(site):
    page = (site / "looking-after-people" / "index.html").read_text(encoding="utf-8")
    start = page.index('id="a-privacy-notice-you-can-copy"')
    notice = page[start:page.index('id="where-to-check-the-rules"')]
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", notice)).split())
    for part in ("What we keep.", "Why we keep it.", "Who sees it.", "How long we keep it.", "Your rights."):
        assert part in words, part
    assert "ask to see what we keep about you" in words
    assert "delete it" in words
    assert "Name of the group" in words and "Who to contact, and how" in words
    # The same words as the form: one source (docs/forms/privacy-notice.md), shown here.
    assert "--8<--" not in page


def _notice() -> str:
    text = NOTICE.read_text(encoding="utf-8")
    return _plain(text[text.index("[start:notice]"):text.index("[end:notice]")])


def test_the_notice_gives_a_reason_in_law_and_every_right():
    """Care review M6: no lawful basis, and no right to object or to restrict use."""
    text = _notice()
    assert "Our reason in law." in text
    assert re.search(r"You can ask us to stop using it, or to use it less for a while", text)
    assert re.search(r"It is free to ask", text)
    assert "0303 123 1113" in text


def test_the_notice_lists_what_the_forms_collect_and_where_quotes_go():
    """Care review M7: photos, recordings, bank details and expense claims were left out, and
    "Only the people who run the group" was untrue for anyone quoted in a report."""
    text = _notice()
    assert re.search(r"Photos or recordings, only if you said yes", text)
    assert re.search(r"Your expense claims, and your bank details if you want to be paid that way", text)
    assert re.search(r"Your words, photos or recordings go in reports only if you said yes", text)


def test_the_notice_does_not_promise_what_the_law_may_override():
    """Care review M8: "The one exception is a worry ..." promised more than a group can keep."""
    text = _notice()
    assert "The one exception" not in text
    assert re.search(r"unless you say yes, or the law says we must", text)
    assert re.search(r"We will talk to you first if it is safe", text)


# --- The Easy Read guide ------------------------------------------------------------------------

def test_easy_read_keeping_it_private_has_its_exception():
    """Care review M9: "They may share it without asking you" came before "talk to you first"
    and contradicted it."""
    text = _section(EASY, "Keeping your information safe")
    assert "without asking you" not in text
    assert re.search(r"If someone is at risk of harm, they must tell someone who can help\.", text)
    assert re.search(r"If it is safe, they will talk to you first\. They may still tell, even if you say no\.", text)


def test_easy_read_money_is_real_costs_and_check_before_any_other_payment():
    text = _section(EASY, "Getting your money back")
    assert re.search(r"pay back what you really spent, not a set amount", text)
    assert re.search(r"Keep your tickets and receipts", text)
    assert re.search(r"You may be offered other money, like a thank-you payment or vouchers", text)
    assert re.search(r"This could change your benefits, or mean you pay tax", text)
    assert re.search(r"Before you say yes, ask a free adviser, like Citizens Advice", text)
    assert re.search(r"Your expenses should not change your benefits", text)
    assert re.search(r"phone calls, stamps, or a carer at home", text)


def test_easy_read_who_to_contact_names_someone_other_than_the_facilitator():
    text = _section(EASY, "Who to contact")
    assert re.search(r"You can also tell someone who is not the facilitator", text)
    assert re.search(r"ring your local council", text)
    # Two boxes with lines to write a name and a phone number: the facilitator's and another's.
    markdown = EASY.read_text(encoding="utf-8")
    block = markdown[markdown.index("## Who to contact"):]
    assert block.count("Phone number:\n{: .on-paper }") == 2
