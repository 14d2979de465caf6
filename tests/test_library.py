"""A library of articles (issue #18): the notes are searched in shards of whole articles, each
its own Pagefind index, so that neither what a reader downloads nor what Pagefind holds in
memory while it indexes grows with the library. The sizes themselves are measured by
`marginalia bench --large`, never here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from marginalia.engines.common import MERGE_ALL, search_shards, shards_to_search

from .conftest import search_pages


@pytest.mark.parametrize(
    ("counts", "size", "expected"),
    [
        ([("a", 3)], 5, {"a": "notes-1"}),
        ([("a", 2), ("b", 3)], 5, {"a": "notes-1", "b": "notes-1"}),  # exactly full
        ([("a", 2), ("b", 4)], 5, {"a": "notes-1", "b": "notes-2"}),
        ([("a", 9), ("b", 1)], 5, {"a": "notes-1", "b": "notes-2"}),  # an article is never split
        ([("a", 1), ("b", 9), ("c", 1)], 5, {"a": "notes-1", "b": "notes-2", "c": "notes-3"}),
        ([("a", 0), ("b", 5)], 5, {"b": "notes-1"}),  # no notes, no shard
        ([("a", 0)], 5, {}),  # a library with no notes yet merges no index
        ([], 5, {}),
    ],
)
def test_articles_are_packed_whole_into_shards_in_order(counts, size, expected):
    assert search_shards(counts, size) == expected


def test_a_small_library_searches_every_shard_everywhere_a_large_one_its_article_s():
    small = {f"a{n}": f"notes-{n}" for n in range(1, MERGE_ALL + 1)}
    every = [f"notes-{n}" for n in range(1, MERGE_ALL + 1)]
    for page in ("index.md", "articles/a1.md", "glossary.md", "teachers/a1-one.md"):
        assert shards_to_search(page, small) == every
    large = {f"a{n}": f"notes-{(n + 1) // 2}" for n in range(1, 2 * MERGE_ALL + 3)}
    assert shards_to_search("articles/a3.md", large) == ["notes-2"]
    assert shards_to_search("articles/a3/notes.md", large) == ["notes-2"]
    assert shards_to_search("articles/a4/practice/one.md", large) == ["notes-2"]
    assert shards_to_search("index.md", large) == []
    assert shards_to_search("articles/index.md", large) == []  # the list of articles
    assert shards_to_search("articles/unknown.md", large) == []


def _form(site: Path, page: str):
    html = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return html.find("form", id="mg-search"), html.find(id="mg-search-status").get_text()


def test_each_shard_is_an_index_of_its_articles_notes_and_nothing_else(library_site):
    index = library_site / "pagefind"
    assert sorted(p.name for p in index.glob("notes-*")) == [f"notes-{n}" for n in range(1, 8)]
    article = {"notes-1": {"bench-001"}, "notes-2": {"bench-002"}, "notes-3": {"bench-003"},
               "notes-4": {"bench-004", "bench-005"}, "notes-5": {"bench-006", "bench-007"},
               "notes-6": {"bench-008", "bench-009"}, "notes-7": {"bench-010"}}  # fmt: skip
    count = {"notes-1": 4, "notes-2": 5, "notes-3": 6, "notes-7": 2}
    for shard in index.glob("notes-*"):
        entry = json.loads((shard / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == ["en"]
        # the pages' index brings Pagefind's code and WebAssembly: a shard has its data only
        assert not [p.name for p in shard.iterdir() if p.suffix in (".js", ".css", ".pagefind")]
        targets = set()
        for fragment in (shard / "fragment").glob("*.pf_fragment"):
            data = gzip.decompress(fragment.read_bytes())
            targets.add(json.loads(data[len(b"pagefind_dcd") :])["meta"]["target"])
        assert {t.split("/")[2] for t in targets} == article[shard.name]
        assert len(targets) == count.get(shard.name, 4)
    records = [p for p in search_pages(library_site).values() if "target" in p["meta"]]
    assert len(records) == 29  # every note, once
    assert not list(library_site.parent.glob(".site-*"))  # nothing left beside the site


def test_an_article_s_pages_search_its_notes_and_other_pages_say_where_notes_are(library_site):
    for page, shard in (("articles/bench-002/index.html", "notes-2"),
                        ("articles/bench-002/notes/index.html", "notes-2"),
                        ("articles/bench-009/index.html", "notes-6")):  # fmt: skip
        form, status = _form(library_site, page)
        assert form["data-pagefind-merge"] == shard, page
        assert "this article's notes" in status, page
    for page in ("index.html", "articles/index.html", "glossary/index.html"):
        form, status = _form(library_site, page)
        assert form["data-pagefind-merge"] == "", page
        assert "an article's notes are searched from its pages" in status, page
