"""The article is stored verbatim: byte for byte the text that was annotated."""

from __future__ import annotations

import hashlib

from marginalia.data.articles import split_blocks
from marginalia.data.corpus import load_corpus

from .conftest import ROOT

# SHA-256 of shared/seeds/000_97b82c37c5fef2aa.txt, the article as supplied.
SUPPLIED = "c63dda4cf24f77e2280fd3e3150145e67edf344f69df064fb821b1ee4e44bea8"


def test_the_stored_text_is_the_supplied_article_byte_for_byte():
    data = (ROOT / "seeds" / "us-war-of-terror-continues.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SUPPLIED


def test_every_block_has_a_role():
    corpus, problems = load_corpus(ROOT)
    assert problems == []
    article = corpus.articles["us-war-of-terror-continues"]
    assert len(article.blocks) == len(split_blocks(article.text)) == 41
    roles = [b.role for b in article.blocks]
    assert roles[0] == "title" and roles.count("heading") == 2 and roles.count("quotation") == 3
    assert roles[-8:] == ["footer"] * 8
