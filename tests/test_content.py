"""The shipped notes, held to the house style: reading level, one funding label per outlet,
and the parity tables on the method page."""

from __future__ import annotations

import pytest
import textstat
from bs4 import BeautifulSoup

from marginalia.data.corpus import load_corpus
from marginalia.pages.site import generate_pages

from .conftest import ROOT

GRADE = 10  # WRITING.md: a summary a student reads in ten seconds, grade 10 or below


@pytest.fixture(scope="module")
def shipped():
    corpus, problems = load_corpus(ROOT)
    assert problems == []
    return corpus


def test_every_summary_reads_at_grade_10_or_below(shipped):
    grades = {a.id: textstat.flesch_kincaid_grade(a.summary) for a in shipped.annotations}
    assert len(grades) >= 50
    assert {i: round(g, 1) for i, g in grades.items() if g > GRADE} == {}


def test_the_readability_measure_tells_easy_from_hard_text():
    easy = "The bridge is old. The town will fix it."
    hard = (
        "Notwithstanding considerable institutional ambiguity, the administration's "
        "characterisation of the operation's legal justification remained contested."
    )
    assert textstat.flesch_kincaid_grade(easy) < GRADE < textstat.flesch_kincaid_grade(hard)


PUBLISHERS = """\
publishers:
  - name: The Register
    also: [Register News]
    label: funded by the Testland government
    source:
      title: About the Register
      publisher: The Register
      date: "2019"
      url: https://example.org/register-about
      evidence:
        - text: The Register is funded by the government of Testland.
"""


def test_one_funding_label_per_outlet_shown_beside_every_source_it_publishes(mini):
    (mini / "annotations" / "publishers.yml").write_text(PUBLISHERS)
    corpus, problems = load_corpus(mini)
    assert problems == []
    pages = generate_pages(corpus)
    soup = BeautifulSoup(pages["articles/mini/notes.md"], "html.parser")
    items = [li for li in soup.select(".mg-sources li")]
    labelled = [li for li in items if "The Register" in li.get_text()]
    assert labelled and all(
        li.select_one(".mg-funding").get_text() == "(funded by the Testland government)"
        for li in labelled
    )
    assert all(li.select_one(".mg-funding") is None for li in items if li not in labelled)
    method = pages["method/index.md"]
    assert "| funded by the Testland government | Register News, The Register | 1 |" in method


def test_a_funding_label_must_follow_the_one_formula(mini):
    text = PUBLISHERS.replace("funded by the Testland government", "Testland state media")
    (mini / "annotations" / "publishers.yml").write_text(text)
    _, problems = load_corpus(mini)
    assert [(p.location.path, p.code) for p in problems] == [
        ("annotations/publishers.yml", "bad-value")
    ]


def test_every_government_funded_outlet_is_labelled_the_same_everywhere(shipped):
    funding = shipped.extras.funding
    if not funding:
        pytest.skip("no annotations/publishers.yml")  # pragma: no cover
    from marginalia.pages.indexes import all_sources

    seen: dict[str, set[str | None]] = {}
    for s in all_sources(shipped):
        seen.setdefault(s.publisher, set()).add(s.funding)
    assert {p: labels for p, labels in seen.items() if len(labels) > 1} == {}
    assert {p for p in funding if p in seen} <= {
        p for p, labels in seen.items() if None not in labels
    }


def test_the_method_page_counts_technique_tags_by_speaker_and_verdicts_by_direction(mini):
    corpus, _ = load_corpus(mini)
    method = generate_pages(corpus)["method/index.md"]
    assert "## One standard for every side {#parity}" in method
    # repairs-mayor tags the article's words and a quotation of others' words
    assert "| Loaded language | 1 | 0 | 0 | 1 |" in method
    checks = [a for a in corpus.annotations if a.verdict]
    rows = [
        line
        for line in method.splitlines()
        if line.startswith("| Confirms")
        or line.startswith("| Finds")
        or line.startswith("| No finding")
    ]
    assert sum(int(r.rsplit("|", 2)[1]) for r in rows) == len(checks)
