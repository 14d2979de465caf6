"""The open data held to its standards: W3C Web Annotation MUSTs with formats checked,
Google's ClaimReview properties, and a Frictionless Data Package that validates."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from frictionless import validate
from jsonschema import Draft202012Validator, FormatChecker

from marginalia.data.corpus import load_corpus
from marginalia.engines.mkdocs_build import build_site
from marginalia.export import CSV_COLUMNS, to_claimreview, to_datapackage, to_w3c

from .conftest import ROOT

SITE = "https://marginalia.example/"
DATE_TIME = {"type": "string", "format": "date-time"}
# The Web Annotation Data Model's MUSTs for what this export uses (sections 3.1-3.3, 4.2.4-5),
# with RFC 3339 date-times checked (rfc3339-validator backs the format checker).
ANNOTATION = {
    "type": "object",
    "required": ["@context", "id", "type", "target", "body", "created", "modified"],
    "properties": {
        "@context": {"const": "http://www.w3.org/ns/anno.jsonld"},
        "id": {
            "type": "string",
            "pattern": "^(https://[^\\s#]+#[a-z0-9-]+|urn:marginalia:[a-z0-9:-]+)$",
        },
        "type": {"const": "Annotation"},
        "created": DATE_TIME,
        "modified": DATE_TIME,
        "motivation": {"enum": ["commenting", "questioning", "assessing"]},
        "rights": {"const": "https://creativecommons.org/licenses/by/4.0/"},
        "body": {
            "type": "array",
            "items": {
                "oneOf": [
                    {
                        "required": ["type", "value"],
                        "properties": {"type": {"const": "TextualBody"}},
                    },
                    {
                        "required": ["type", "source", "purpose"],
                        "properties": {
                            "type": {"const": "SpecificResource"},
                            "purpose": {"const": "linking"},
                            "source": {
                                "required": ["id"],
                                "properties": {"id": {"pattern": "^https://"}},
                            },
                            "selector": {
                                "type": "array",
                                "items": {
                                    "required": ["type", "exact"],
                                    "properties": {"type": {"const": "TextQuoteSelector"}},
                                },
                            },
                        },
                    },
                ]
            },
        },
        "target": {
            "required": ["source", "selector"],
            "properties": {
                "selector": {
                    "type": "array",
                    "prefixItems": [
                        {
                            "required": ["type", "exact"],
                            "properties": {
                                "type": {"const": "TextQuoteSelector"},
                                "exact": {"type": "string", "minLength": 1},
                            },
                        },
                        {
                            "required": ["type", "start", "end"],
                            "properties": {
                                "type": {"const": "TextPositionSelector"},
                                "start": {"type": "integer", "minimum": 0},
                                "end": {"type": "integer", "minimum": 0},
                            },
                        },
                    ],
                }
            },
        },
    },
}


@pytest.fixture(scope="module")
def corpus():
    corpus, problems = load_corpus(ROOT)
    assert problems == []
    return corpus


def test_every_annotation_meets_the_model_musts_with_formats_checked(corpus):
    export = to_w3c(corpus, SITE)
    assert export["type"] == "AnnotationCollection" and export["first"]["type"] == "AnnotationPage"
    validator = Draft202012Validator(ANNOTATION, format_checker=FormatChecker())
    items = export["first"]["items"]
    assert len(items) == export["total"] == len(corpus.annotations)
    for item in items:  # each as it would stand alone
        errors = [
            e.message for e in validator.iter_errors({"@context": export["@context"], **item})
        ]
        assert errors == [], item["id"]


def test_the_date_time_check_refuses_a_bare_date():
    """The check that the W3C suite's 3.3.1 makes: 2026-12-06 alone is not an xsd:dateTime."""
    validator = Draft202012Validator(DATE_TIME, format_checker=FormatChecker())
    assert not validator.is_valid("2026-12-06")
    assert validator.is_valid("2026-12-06T00:00:00Z")


def test_created_and_modified_come_from_the_checked_day_and_the_corrections(corpus):
    items = {i["id"]: i for i in to_w3c(corpus)["first"]["items"]}
    for note in corpus.annotations:
        item = items[f"urn:marginalia:{note.article}:{note.id}"]
        days = [note.checked, *(c.date for c in note.corrections)]
        assert item["created"] == f"{min(days)}T00:00:00Z"
        assert item["modified"] == f"{max(days)}T00:00:00Z"


def test_ids_are_dereferenceable_under_the_site_address(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE)
    assert build_site(ROOT, tmp_path / "site") == []
    site = tmp_path / "site"
    export = json.loads((site / "downloads" / "annotations.jsonld").read_text())
    assert export["id"] == f"{SITE}downloads/annotations.jsonld"
    anchors: dict[str, set[str]] = {}
    for item in export["first"]["items"]:
        url = urlparse(item["id"])
        assert url.scheme == "https" and url.netloc == "marginalia.example"
        page = site / url.path.lstrip("/") / "index.html"
        if page not in anchors:
            anchors[page] = {
                el["id"] for el in BeautifulSoup(page.read_text(), "html.parser").find_all(id=True)
            }
        assert url.fragment in anchors[page], item["id"]
    package = site / "downloads" / "datapackage.json"
    report = validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    resources = {r["path"] for r in json.loads(package.read_text())["resources"]}
    assert resources == {"annotations.csv", "annotations.jsonld", "claimreview.jsonld"}


# Google's fact-check structured data: required, then recommended (the numeric rating is left
# out on purpose: the verdict scale is not a number line, and "could not verify" is no rating).
REQUIRED = ["claimReviewed", "reviewRating.alternateName", "url"]
RECOMMENDED = [
    "author.name", "author.url", "datePublished", "name", "itemReviewed.author.name",
    "itemReviewed.datePublished", "itemReviewed.appearance", "itemReviewed.firstAppearance",
    "reviewRating.name",
]  # fmt: skip


def value(obj: dict, dotted: str):
    for part in dotted.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else None
    return obj


def test_every_claimreview_has_googles_required_and_recommended_properties(corpus):
    reviews = to_claimreview(corpus, SITE)
    assert len(reviews) == sum(a.kind == "source-check" for a in corpus.annotations) > 0
    for review in reviews:
        missing = [p for p in REQUIRED + RECOMMENDED if not value(review, p)]
        assert missing == [], review["url"]
        assert review["@type"] == "ClaimReview" and review["author"]["@type"] == "Organization"
        assert review["itemReviewed"]["@type"] == "Claim"
        assert urlparse(review["url"]).netloc == urlparse(SITE).netloc  # same host, absolute
        assert review["author"]["url"] == SITE


def test_claimreview_export_refuses_to_run_without_the_site_address(monkeypatch, capsys):
    from marginalia.cli import main

    monkeypatch.delenv("SITE_URL", raising=False)
    assert main(["--root", str(ROOT), "export", "--format", "claimreview"]) == 2
    assert "needs the site's address" in capsys.readouterr().err


def test_the_data_package_describes_every_csv_column(corpus):
    package = to_datapackage(corpus, SITE)
    (csv,) = [r for r in package["resources"] if r["path"] == "annotations.csv"]
    fields = csv["schema"]["fields"]
    assert [f["name"] for f in fields] == list(CSV_COLUMNS)
    assert all(f["description"] and f["type"] for f in fields)
    assert csv["schema"]["primaryKey"] == ["article", "id"]
    assert all(r["licenses"][0]["name"] == "CC-BY-4.0" for r in package["resources"])
