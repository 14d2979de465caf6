"""The W3C Web Annotation export: required fields, and selectors that point at the text."""

from __future__ import annotations

import json

from marginalia.anchoring import Anchored, find_quote
from marginalia.cli import main
from marginalia.corpus import load_corpus
from marginalia.export import to_w3c
from marginalia.model import TextQuoteSelector

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
