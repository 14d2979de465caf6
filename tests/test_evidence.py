"""Quotations and figures in a note are held to the article or to its own sources' evidence."""

from __future__ import annotations

import pytest

from marginalia.data import evidence
from marginalia.data.corpus import load_corpus

HEAD = "# yaml-language-server: $schema=../annotation.schema.json\n"
NOTE = """\
id: {name}
article: mini
kind: context
target:
  exact: Officials said repairs
title: A title
summary: A summary.
body: |
  {body}
sources:
  - title: Bridge to close for a year
    publisher: The Daily 24
    date: 2020-01-13
    url: https://example.org/a
    evidence:
      - text: >-
          The mayor said the closure, “a painful but necessary step”, would last 12 months
          and cost four million dollars; 40 percent of it comes from the state.
        where: para 2
      - text: "Engineers called it 'beyond repair' in a 2019 report."
checked: 2026-11-25
"""


def problems_of(mini, write_note, body: str, name: str = "x") -> list[str]:
    write_note(name, HEAD + NOTE.format(name=name, body=body))
    _, problems = load_corpus(mini)
    return [
        p.format().split(": ", 1)[1] for p in problems if p.location.path.endswith(f"{name}.yml")
    ]


SUPPORTED = [
    ("a quotation of an excerpt", 'The mayor called it "a painful but necessary step".'),
    ("typographic marks and case", "He spoke of “A Painful But Necessary Step”."),
    (
        "straight marks where the source has curly ones",
        'The mayor said the closure, "a painful but necessary step", would last.',
    ),
    ("an ellipsis skips words", 'The closure "would last 12 months … cost four million dollars".'),
    (
        "three dots and a bracketed insertion",
        'It "would last [twelve] months ... and cost four million".',
    ),
    ("nested single quotes", "The report said \"Engineers called it 'beyond repair'\"."),
    ("a quotation of the article", 'The article says repairs "would take a year".'),
    (
        "the article's curly quotes and link marks",
        'The article says "to close the old bridge for repairs".',
    ),
    ("a source title", 'The headline read "Bridge to close for a year".'),
    ("a quotation inside link text", 'The word ["unsafe"](#x) is the mayor\'s.'),
    ("a figure in digits", "The work takes 12 months."),
    ("a figure in words matches digits", "The work takes twelve months."),
    ("digits match a figure in words", "It costs 4 million dollars."),
    ("a percentage written out", "The state pays 40% of it."),
    (
        "calendar dates are not figures",
        "Closed on 3 January 2020, and again on January 5, in 2019 and 2013–17.",
    ),
    (
        "codes and ordinals are not figures",
        "Flight PS752, an MQ-9, the 21st time, the 1990s, after 9/11.",
    ),
    ("one and two are not figures", "One bridge, two councils."),
    ("a figure in a publisher's name", "The Daily 24 reported it."),
]


@pytest.mark.parametrize("case,body", SUPPORTED, ids=[c for c, _ in SUPPORTED])
def test_supported_quotations_and_figures_pass(mini, write_note, case, body):
    assert problems_of(mini, write_note, body) == []


UNSUPPORTED = [
    (
        "a made-up quotation",
        'The mayor said it was "a disgrace".',
        [
            "error[quote-unsupported]: the quotation “a disgrace” is not in the article or in an evidence excerpt or title of this note's own sources"
        ],
    ),
    (
        "words out of order across an ellipsis",
        'She said "cost four million … would last 12 months".',
        [
            "error[quote-unsupported]: the quotation “cost four million … would last 12 months” is not in the article or in an evidence excerpt or title of this note's own sources"
        ],
    ),
    (
        "pieces from two excerpts",
        'She said "four million dollars … beyond repair".',
        [
            "error[quote-unsupported]: the quotation “four million dollars … beyond repair” is not in the article or in an evidence excerpt or title of this note's own sources"
        ],
    ),
    (
        "a made-up figure",
        "The work takes 18 months.",
        [
            "error[figure-unsupported]: the figure '18' is not in the article or in an evidence excerpt or title of this note's own sources"
        ],
    ),
    (
        "a figure in words",
        "It cost five million dollars.",
        [
            "error[figure-unsupported]: the figure 'five million' is not in the article or in an evidence excerpt or title of this note's own sources"
        ],
    ),
    (
        "a vague plural",
        "Hundreds of people came.",
        [
            "error[figure-unsupported]: the figure 'Hundreds' is not in the article or in an evidence excerpt or title of this note's own sources"
        ],
    ),
]


@pytest.mark.parametrize("case,body,expected", UNSUPPORTED, ids=[c for c, _, _ in UNSUPPORTED])
def test_unsupported_quotations_and_figures_are_rejected(mini, write_note, case, body, expected):
    found = problems_of(mini, write_note, body)
    assert [f.split("\n")[0] for f in found] == expected


def test_a_problem_points_at_the_quotation_and_names_the_closest_words(mini, write_note):
    path = write_note(
        "x",
        HEAD
        + NOTE.format(name="x", body='Fine words.\n  He said it was "a painfull but needed step".'),
    )
    _, problems = load_corpus(mini)
    (problem,) = problems
    assert (problem.location.line, problem.location.column) == (11, 18)
    assert path.read_text().splitlines()[10][17:].startswith('"a painfull')
    assert (
        problem.hint
        == "closest words, in an excerpt of 'Bridge to close for a year': “a painful but necessary step”\n"
        "    quote only words a source says: copy them exactly from the page into that source's "
        "`evidence`; or write the point in your own words, without quotation marks"
    )


def test_a_quotation_backed_only_by_another_notes_source_is_rejected(mini, write_note):
    """The evidence of note y does not back a quotation in note x."""
    problems_of(mini, write_note, "Fine.", name="y")
    other = NOTE.format(name="x", body='The mayor called it "a painful but necessary step".')
    other = other.split("    evidence:")[0] + "checked: 2026-11-25\n"
    write_note("x", HEAD + other)
    _, problems = load_corpus(mini)
    assert [p.code for p in problems] == ["quote-unsupported"]
    assert problems[0].location.path.endswith("x.yml")


def test_the_title_summary_and_questions_are_checked_too(mini, write_note):
    text = HEAD + NOTE.format(name="x", body="Fine.")
    text = text.replace("title: A title", "title: It took 30 days").replace(
        "summary: A summary.", 'summary: The mayor said "never again".'
    )
    text = text.replace("checked:", 'questions:\n  - Why "soon"?\nchecked:')
    write_note("x", text)
    _, problems = load_corpus(mini)
    assert sorted((p.code, p.location.line) for p in problems) == [
        ("figure-unsupported", 7),
        ("quote-unsupported", 8),
        ("quote-unsupported", 23),
    ]


def test_technique_words_must_be_quoted_in_the_note(mini, write_note):
    text = HEAD + NOTE.format(name="x", body='The mayor called it "a painful but necessary step".')
    tag = "techniques:\n  - technique: loaded-language\n    speaker: others\n    words: {words}\nsources:"
    write_note("x", text.replace("sources:", tag.format(words="a painful but necessary step"), 1))
    assert load_corpus(mini)[1] == []
    write_note("x", text.replace("sources:", tag.format(words="a shameful step"), 1))
    (problem,) = load_corpus(mini)[1]
    assert problem.code == "technique-words-not-found"
    assert problem.location.line == 14


@pytest.mark.parametrize(
    "verb", ["admitted", "claimed", "conceded", "insisted", "acknowledged", "confessed"]
)
def test_one_sided_verbs_are_kept_out_of_our_voice(mini, write_note, verb):
    found = problems_of(mini, write_note, f"The mayor {verb} the bridge was old.")
    assert found == [
        f"error[one-sided-verb]: '{verb}' takes a side when the site says it in its own voice\n    hint: use the same neutral verb for every side: said, stated, wrote, reported, told"
    ]


def test_a_one_sided_verb_inside_a_quotation_or_as_a_noun_is_fine(mini, write_note):
    body = 'Engineers called it "beyond repair". The article\'s claim and its claims are checked.'
    assert problems_of(mini, write_note, body) == []


def test_figures_parse_values():
    values = [
        f.value
        for f in evidence.figures(
            "34,917 airstrikes, 2.5 million, twenty-five, a dozen, 40%, hundreds"
        )
    ]
    assert values == [34917, 2.5e6, 25, 12, 40, "hundreds"]


def test_companion_data_is_held_to_its_own_sources(mini):
    folder = mini / "annotations" / "mini"
    timeline = folder / "_timeline.yml"
    timeline.write_text(
        timeline.read_text().replace(
            "summary: The council voted to close the bridge.",
            'summary: The council voted 7 to 2 to close the "dangerous" bridge.',
        )
    )
    quotes = folder / "_quotes.yml"
    quotes.write_text(
        quotes.read_text()
        .replace("comment: The article drops", 'comment: The mayor said "never". The article drops')
        .replace("original: The old bridge is unsafe", "original: The ancient bridge is unsafe")
    )
    about = folder / "_about.md"
    about.write_text(
        about.read_text() + '\nIt calls itself "the town\'s only paper" and has 30 staff.\n'
    )
    _, problems = load_corpus(mini)
    found = sorted((p.location.path.split("/")[-1], p.location.line, p.code) for p in problems)
    assert found == [
        ("_about.md", 7, "figure-unsupported"),
        ("_about.md", 7, "quote-unsupported"),
        ("_quotes.yml", 4, "quote-unsupported"),
        ("_quotes.yml", 6, "quote-unsupported"),
        ("_timeline.yml", 5, "figure-unsupported"),  # 7
        ("_timeline.yml", 5, "figure-unsupported"),  # 2: digits always count
        ("_timeline.yml", 5, "quote-unsupported"),
    ]
    (sources := folder / "_about_sources.yml").write_text(
        "sources:\n  - title: About us\n    publisher: The Test Gazette\n    date: '2020'\n"
        "    url: https://example.org/gazette\n    evidence:\n"
        '      - text: "We are the town\'s only paper, with 30 staff."\n'
    )
    _, problems = load_corpus(mini)
    assert not [p for p in problems if p.location.path.endswith("_about.md")]
    sources.write_text("sources: []\n")
    _, problems = load_corpus(mini)
    assert [p.location.path.split("/")[-1] for p in problems if "_about" in p.location.path] == [
        "_about_sources.yml"
    ]


def test_a_glossary_definition_is_held_to_its_sources(mini):
    glossary = mini / "annotations" / "glossary.yml"
    glossary.write_text(
        glossary.read_text().replace(
            "definition: The elected body that runs the town.",
            'definition: The body "the Romans" set up 1,800 years ago.',
        )
    )
    _, problems = load_corpus(mini)
    assert sorted(p.code for p in problems if p.location.path.endswith("glossary.yml")) == [
        "figure-unsupported",
        "quote-unsupported",
    ]


@pytest.mark.parametrize("label", ["state-run", "government-funded", "US-funded", "Iranian-funded"])
def test_funding_labels_are_not_written_in_a_note(mini, write_note, label):
    found = problems_of(mini, write_note, f"The {label} channel reported it.")
    assert [f.split(":")[0] for f in found] == ["error[funding-label-in-prose]"]


def test_state_television_as_a_name_is_fine(mini, write_note):
    assert problems_of(mini, write_note, "Syrian state television reported it.") == []


def test_sentences_split_at_their_ends_not_at_abbreviations():
    from marginalia.data.coverage import sentences
    from marginalia.data.model import Article, Block

    text = (
        "Gen. Soleimani met U.S. officials. He left at 3 a.m. Then: “It ended.” A. Writer said so!"
    )
    article = Article(
        "a", "t", "w", "o", "2020", text, "a.txt", "", (Block(1, "paragraph", 0, len(text)),)
    )
    assert [s.text(article) for s in sentences(article)] == [
        "Gen. Soleimani met U.S. officials.",
        "He left at 3 a.m. Then: “It ended.”",
        "A. Writer said so!",
    ]


def test_an_uncovered_sentence_fails_check_at_its_place_in_the_text(mini):
    meta = mini / "seeds" / "mini.yml"
    meta.write_text(
        meta.read_text().replace(
            '  - {starts: "Critics said the vote", reason: An opinion of unnamed critics.}\n', ""
        )
    )
    _, problems = load_corpus(mini)
    (problem,) = problems
    assert problem.format() == (
        "seeds/mini.txt:15:34: error[sentence-not-covered]: sentence 9 has no note and no reason for none\n"
        '    hint: annotate it, or add to `coverage:` in seeds/mini.yml: - {starts: "Critics said the vote was rushed.", reason: "…"}'
    )


def test_a_reason_whose_words_start_no_sentence_is_stale(mini):
    meta = mini / "seeds" / "mini.yml"
    meta.write_text(
        meta.read_text().replace(
            'starts: "Critics said the vote"', 'starts: "Critics said the poll"'
        )
    )
    _, problems = load_corpus(mini)
    assert sorted(p.code for p in problems) == ["sentence-not-covered", "stale-coverage-entry"]


def test_coverage_lists_every_sentence_with_its_notes_or_reason(mini, capsys):
    from marginalia.cli import main

    assert main(["--root", str(mini), "coverage"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mini: 10 sentences, 2 with notes, 8 explained, 0 neither\n")
    assert "council-vote, old-bridge, repairs-mayor" in out
    assert "no note: An opinion of unnamed critics." in out


def test_a_verdict_on_words_a_counterpoint_covers_is_a_warning_not_an_error(mini, capsys):
    from marginalia.cli import main

    assert main(["--root", str(mini), "check"]) == 0
    out = capsys.readouterr().out
    assert (
        "annotations/mini/council-vote.yml:1:1: warning[verdict-on-reading]: the verdict rates "
        "words that the counterpoint 'repairs-mayor' also covers"
    ) in out
    assert out.rstrip().endswith("no problems, 1 warning(s) for a reviewer")


def test_a_reason_for_a_sentence_that_now_has_a_note_is_a_warning(mini, write_note, capsys):
    from marginalia.cli import main

    problems_of(mini, write_note, "Critics said so.", name="critics")  # the note used above
    text = (mini / "annotations" / "mini" / "critics.yml").read_text()
    (mini / "annotations" / "mini" / "critics.yml").write_text(
        text.replace("exact: Officials said repairs", "exact: Critics said the vote was rushed.")
    )
    assert main(["--root", str(mini), "check"]) == 0
    assert (
        "seeds/mini.yml:1:1: warning[covered-sentence-reason]: sentence 9 has a note now and "
        "still a reason for none"
    ) in capsys.readouterr().out
