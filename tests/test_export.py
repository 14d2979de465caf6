"""The W3C Web Annotation export: required fields, and selectors that point at the text."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from marginalia.cli import main
from marginalia.data.anchoring import Anchored, find_quote
from marginalia.data.corpus import load_corpus
from marginalia.data.model import TextQuoteSelector
from marginalia.export import to_w3c

from .conftest import ROOT


def test_collection_has_the_model_required_fields():
    corpus, _ = load_corpus(ROOT)
    data = to_w3c(corpus)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == len(corpus.annotations)
    items = data["first"]["items"]
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert item["type"] == "Annotation"
        assert item["motivation"] in {"commenting", "questioning", "assessing"}
        assert item["body"][0]["type"] == "TextualBody" and item["body"][0]["value"]
        assert item["target"]["source"].startswith("urn:sha256:")


def test_selectors_round_trip_to_the_same_span():
    corpus, _ = load_corpus(ROOT)
    for item, annotation in zip(to_w3c(corpus)["first"]["items"], corpus.annotations, strict=True):
        text = corpus.articles[annotation.article].text
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        again = find_quote(
            text, TextQuoteSelector(quote["exact"], quote["prefix"], quote["suffix"])
        )
        assert isinstance(again, Anchored)
        assert (again.span.start, again.span.end) == (position["start"], position["end"])


def test_cli_writes_the_export(tmp_path):
    out = tmp_path / "w3c.jsonld"
    assert main(["--root", str(ROOT), "export", "--format", "w3c", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["type"] == "AnnotationCollection"


def test_claimreview_is_embedded_in_the_built_page_and_matches_the_export(tmp_path, monkeypatch):
    from bs4 import BeautifulSoup

    from marginalia.engines.mkdocs_build import build_site
    from marginalia.export import to_claimreview

    monkeypatch.setenv("SITE_URL", "https://marginalia.example/")
    site = tmp_path / "site"
    assert build_site(ROOT, site) == []
    article = site / "articles" / "us-war-of-terror-continues"
    assert "application/ld+json" not in (article / "index.html").read_text()  # kept light
    page = BeautifulSoup((article / "notes" / "index.html").read_text(), "html.parser")
    embedded = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert len(embedded) == 1
    corpus, _ = load_corpus(ROOT)
    checks = [a for a in corpus.annotations if a.kind == "source-check"]
    assert embedded[0] == to_claimreview(corpus, "https://marginalia.example/")
    assert len(embedded[0]) == len(checks)
    for review, note in zip(embedded[0], checks, strict=True):
        assert review["@type"] == "ClaimReview"
        assert (
            review["url"] == f"https://marginalia.example/articles/{note.article}/notes/#{note.id}"
        )
        assert review["reviewRating"]["alternateName"]
        assert review["itemReviewed"]["author"]["name"] == "Tony Cartalucci"
        assert review["itemReviewed"]["appearance"]["headline"].startswith("US War of Terror")
        assert page.find(id=note.id)  # the url's anchor is on the page
    downloads = json.loads((site / "downloads" / "claimreview.jsonld").read_text())
    assert downloads == embedded[0]
    assert json.loads((site / "downloads" / "annotations.jsonld").read_text())["total"] == len(
        corpus.annotations
    )


def test_csv_round_trips():
    import csv
    import io

    from marginalia.export import CSV_COLUMNS, to_csv

    corpus, _ = load_corpus(ROOT)
    rows = list(csv.DictReader(io.StringIO(to_csv(corpus))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["id"] for r in rows] == [a.id for a in corpus.annotations]
    for row, a in zip(rows, corpus.annotations, strict=True):
        text = corpus.articles[a.article].text
        assert (int(row["start"]), int(row["end"])) == (a.span.start, a.span.end)
        assert row["exact"] == " ".join(text[a.span.start : a.span.end].split())
        assert row["verdict"] == (a.verdict or "") and row["title"] == a.title
        assert row["sources"].count(" | ") == len(a.sources) - 1


def test_edit_links_point_at_each_notes_file(mini, monkeypatch):
    from marginalia.pages.site import generate_pages

    corpus, _ = load_corpus(mini)
    page = generate_pages(corpus, edit_base="https://github.com/o/r/edit/main/")["articles/mini.md"]
    assert (
        'href="https://github.com/o/r/edit/main/annotations/mini/old-bridge.yml" class="mg-edit"'
        in page
    )
    assert "mg-edit" not in generate_pages(corpus)["articles/mini.md"]


def test_edit_base_comes_from_github_actions(monkeypatch, tmp_path):
    from marginalia.engines.mkdocs_build import edit_base

    monkeypatch.delenv("MARGINALIA_EDIT_URL", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "owner/repo")
    monkeypatch.setenv("GITHUB_REF_NAME", "main")
    assert edit_base(tmp_path) == "https://github.com/owner/repo/edit/main/"
    monkeypatch.delenv("GITHUB_REPOSITORY")
    assert edit_base(tmp_path) is None  # not a checkout with a GitHub remote


def test_corrections_are_listed_newest_first(mini):
    from marginalia.pages.site import generate_pages

    for name, date in (("old-bridge", "2026-01-05"), ("council-vote", "2026-03-01")):
        note = mini / "annotations" / "mini" / f"{name}.yml"
        note.write_text(
            note.read_text()
            + f"corrections:\n  - date: {date}\n    change: Fixed the {name} fact.\n"
        )
    corpus, problems = load_corpus(mini)
    assert problems == []
    page = generate_pages(corpus)["notes/corrections.md"]
    assert page.index("1 March 2026") < page.index("5 January 2026")
    assert (
        '<a href="../../articles/mini/#council-vote">The minutes record the vote</a>. '
        "Fixed the council-vote fact." in page
    )
    pages = generate_pages(corpus)
    assert (
        "Corrections</p><ul><li>5 January 2026: Fixed the old-bridge fact.</li>"
        in (pages["articles/mini/notes.md"])
    )
    card = BeautifulSoup(pages["articles/mini.md"], "html.parser").find(id="note-old-bridge")
    assert "Checked 25 November 2026, corrected 5 January 2026" in card.get_text()


def test_sources_are_linking_bodies_whose_selectors_are_the_evidence(mini):
    corpus, _ = load_corpus(mini)
    items = to_w3c(corpus)["first"]["items"]
    (note,) = [a for a in items if a["id"].endswith(":repairs-mayor")]
    (source,) = [b for b in note["body"] if b.get("purpose") == "linking"]
    assert source["source"] == {"id": "https://example.org/letter", "type": "Text"}
    assert source["selector"] == [
        {
            "type": "TextQuoteSelector",
            "exact": "Two of us inspected it: the closure is a <b>needless</b> panic.",
        }
    ]
