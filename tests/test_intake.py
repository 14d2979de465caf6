"""marginalia article add: a new article from plain text, HTML or Markdown, on the site with
its pages; bad input gets a located error and writes nothing."""

from __future__ import annotations

import hashlib
import html

import pytest

from marginalia.cli import main
from marginalia.data.corpus import load_corpus
from marginalia.engines.mkdocs_build import build_site

from .conftest import DATA

FIXTURES = DATA / "articles"
DOD = dict(title="Statement by the Department of Defense", author="US Department of Defense",
           outlet="US Department of Defense", published="2020-01-02", genre="A statement",
           rights="public-domain", note="A work of the US federal government.")  # fmt: skip
OP_ED = dict(title="Our School Should Not Ban Phones", author="Test Author",
             outlet="The Test Gazette", published="2024-03-14", genre="An opinion piece",
             rights="permission", note="Written for the tests, with the author's permission.")  # fmt: skip
CASES = [
    ("dod-statement.txt", "dod-txt", DOD,
     ["title", "meta", "paragraph", "paragraph", "paragraph"], [2]),
    ("dod-statement.html", "dod-html", DOD,
     ["title", "meta", "paragraph", "paragraph", "paragraph"], [2]),
    ("school-phones-op-ed.md", "phones", OP_ED,
     ["title", "byline", "meta", "paragraph", "heading", "paragraph", "quotation", "paragraph",
      "heading", "paragraph"], [2, 3]),
]  # fmt: skip


def add(root, name, slug, meta) -> int:
    return main(["--root", str(root), "article", "add", str(FIXTURES / name), "--slug", slug,
                 "--title", meta["title"], "--author", meta["author"], "--outlet", meta["outlet"],
                 "--published", meta["published"], "--genre", meta["genre"],
                 "--rights", meta["rights"], "--rights-note", meta["note"]])  # fmt: skip


NOTE = """\
# yaml-language-server: $schema=../annotation.schema.json
id: {slug}-note
article: {slug}
kind: context
target:
  exact: "{exact}"
title: What the words refer to
summary: A short note on the words.
body: A short note.
sources:
  - title: A source
    publisher: P
    date: 2020-01-13
    url: https://example.org/a
checked: 2026-11-25
"""


@pytest.mark.parametrize("name,slug,meta,roles,guesses", CASES, ids=[c[0] for c in CASES])
def test_a_text_becomes_an_article_with_blocks_roles_hash_and_pages(
    mini, tmp_path, name, slug, meta, roles, guesses, capsys
):
    assert add(mini, name, slug, meta) == 0
    out = capsys.readouterr().out
    assert f"created seeds/{slug}.txt" in out and f"created seeds/{slug}.yml" in out
    text = (mini / "seeds" / f"{slug}.txt").read_text()
    corpus, problems = load_corpus(mini)
    assert problems == []  # a draft: what is left is said as warnings, never an error
    article = corpus.articles[slug]
    assert [b.role for b in article.blocks] == roles
    assert list(article.to_review) == guesses
    assert article.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert article.rights == (meta["rights"], meta["note"]) and article.draft
    if name.endswith(".html"):  # the page's furniture is gone, its link kept as the texts mark it
        assert "Share" not in text and "cookies" not in text and "dataLayer" not in text
        assert "<u>U.S.-designated Foreign Terrorist Organization</u>" in text
        assert (
            text
            == (mini / "seeds" / "dod-txt.txt")
            .read_text()
            .replace(
                "a U.S.-designated Foreign Terrorist Organization",
                "a <u>U.S.-designated Foreign Terrorist Organization</u>",
            )
            if (mini / "seeds" / "dod-txt.txt").exists()
            else True
        )
    exact = "the single biggest distraction" if slug == "phones" else "decisive defensive action"
    (mini / "annotations" / slug / f"{slug}-note.yml").write_text(
        NOTE.format(slug=slug, exact=exact)
    )
    site = tmp_path / "site"
    assert build_site(mini, site) == []
    page = (site / "articles" / slug / "index.html").read_text()
    assert f'id="{slug}-note"' in page and f'id="ref-{slug}-note"' in page
    assert html.escape(meta["note"]) in page  # on what terms the text is shown
    for companion in ("notes", "practice", "worksheet", "answer-key", "about"):
        assert (site / "articles" / slug / companion / "index.html").is_file(), companion
    assert meta["title"] in (site / "articles" / "index.html").read_text()


def test_the_html_and_the_text_of_one_statement_give_the_same_words(mini):
    assert add(mini, "dod-statement.txt", "dod-txt", DOD) == 0
    assert add(mini, "dod-statement.html", "dod-html", DOD) == 0
    plain = (mini / "seeds" / "dod-txt.txt").read_text()
    html = (mini / "seeds" / "dod-html.txt").read_text()
    assert html.replace("<u>", "").replace("</u>", "") == plain


def test_check_lists_what_remains_for_a_new_article(mini, capsys):
    assert add(mini, "school-phones-op-ed.md", "phones", OP_ED) == 0
    capsys.readouterr()
    assert main(["--root", str(mini), "check"]) == 0
    out = capsys.readouterr().out
    assert "warning[role-to-review]: block 2: its role is a guess" in out
    assert "warning[quotation-without-source]: block 7 is a quotation" in out
    assert (
        "warning[draft-coverage]: draft: 13 of 13 sentences have neither a note nor a reason yet"
        in out
    )


BAD = [
    ("an empty file", "empty.txt", b"  \n\n", "empty-file", "the file is empty"),
    ("a binary file", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not-utf8", "this is a binary file, not a text"),
    ("not UTF-8", "latin.txt", "Caf\xe9 au lait.\n\nSecond.".encode("latin-1"), "not-utf8", "the file is not UTF-8 text"),
    ("one long block", "block.txt", ("word " * 3000).encode(), "unsplittable-text",
     "the text cannot be split into blocks: it needs blank lines between paragraphs"),
]  # fmt: skip


@pytest.mark.parametrize("case,name,data,code,message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_a_located_error_and_writes_nothing(
    mini, tmp_path, capsys, case, name, data, code, message
):
    source = tmp_path / name
    source.write_bytes(data)
    before = sorted(p.relative_to(mini) for p in mini.rglob("*"))
    args = ["--root", str(mini), "article", "add", str(source), "--slug", "new", "--title", "T",
            "--author", "A", "--outlet", "O", "--published", "2020-01-01",
            "--rights", "public-domain", "--rights-note", "n"]  # fmt: skip
    assert main(args) == 1
    out = capsys.readouterr().out
    assert f"{source}:" in out and f"error[{code}]: {message}" in out
    assert sorted(p.relative_to(mini) for p in mini.rglob("*")) == before


def test_an_existing_article_is_never_overwritten(mini, capsys):
    meta_before = (mini / "seeds" / "mini.yml").read_text()
    assert add(mini, "dod-statement.txt", "mini", DOD) == 1
    assert (
        "error[article-exists]: an article 'mini' exists already (seeds/mini.txt)"
        in capsys.readouterr().out
    )
    assert (mini / "seeds" / "mini.yml").read_text() == meta_before


def test_an_article_without_rights_is_refused(mini):
    meta = mini / "seeds" / "mini.yml"
    text = meta.read_text()
    meta.write_text(text[: text.index("rights:")] + text[text.index("blocks:") :])
    _, problems = load_corpus(mini)
    (problem,) = [p for p in problems if p.location.path == "seeds/mini.yml"]
    assert (problem.code, problem.message) == ("missing-field", "missing required field: rights")
    assert problem.hint.startswith("`rights:` says on what terms the text is shown here")
