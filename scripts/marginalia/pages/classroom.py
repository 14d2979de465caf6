"""Classroom pages of an article: a printable worksheet and its answer key."""

from __future__ import annotations

from marginalia.data.model import Annotation, Article
from marginalia.data.taxonomy import label
from marginalia.pages.indexes import NOT_SEARCHED, front_matter, md_text
from marginalia.pages.render import plain

LINE = '<span class="mg-answer" aria-hidden="true"></span>'


def worksheet_page(article: Article, notes: list[Annotation], has_about: bool = False) -> str:
    kinds = " ".join(f"☐ {label('kinds', k)}" for k in ("context", "counterpoint", "source-check"))
    out = [
        front_matter(
            f"Worksheet: {article.title}",
            "A printable worksheet for the annotated article.",
            NOT_SEARCHED,
            nav="Worksheet",
        ),
        "# Worksheet\n\n",
        f"*{md_text(article.title)}*, by {md_text(article.author)}, {md_text(article.outlet)}.\n\n",
        '<p class="mg-fields">Name: ' + LINE + " Class: " + LINE + " Date: " + LINE + "</p>\n\n",
        "## 1. Read laterally before you read closely\n\n",
        "Stop. Before reading the article, leave it: find out who publishes it and what others say "
        "about the outlet and the author"
        + (" ([About the source](about.md) helps)" if has_about else "")
        + ".\n\n",
        "1. Who published this article first, and who republished it?\n\n" + LINE * 2 + "\n\n",
        "2. What do other sources say about the outlet? Name one source and what it says.\n\n"
        + LINE * 2
        + "\n\n",
        "## 2. The highlighted passages\n\n",
        "Open the [practice mode](practice.md). For each numbered passage, write what kind of note "
        "you expect, and for a source check the verdict you expect, **before** you reveal it.\n\n",
    ]
    for number, a in enumerate(notes, 1):
        out.append(
            f'<div class="mg-task"><p><strong>{number}.</strong> '
            f"“{plain(article.passage(a.span))}”</p>"
            f"<p>Kind you expect: {kinds}</p>"
            f"<p>Verdict or technique you expect: {LINE}</p>"
            f"<p>What the note shows, and one source it cites: {LINE}{LINE}</p></div>\n\n"
        )
    questions = [(n, q) for n, a in enumerate(notes, 1) for q in a.questions]
    out.append("## 3. Discuss\n\n")
    if questions:
        out += [f"- (passage {n}) {md_text(q)}\n" for n, q in questions]
    out.append(
        "- Which claims in the article can be checked, and which are opinions? Give one of each.\n"
        "- Which note changed your reading most, and why?\n"
    )
    return "".join(out)


def answer_key_page(article: Article, notes: list[Annotation]) -> str:
    extra = NOT_SEARCHED + "robots: noindex, nofollow\n"
    out = [
        front_matter(
            f"Answer key: {article.title}", "Answer key for the worksheet.", extra, "Answer key"
        ),
        "# Answer key\n\n",
        "For teachers. This page is left out of the site's search and asks search engines not to "
        "index it.\n\n",
    ]
    for number, a in enumerate(notes, 1):
        verdict = f", verdict *{label('verdicts', a.verdict)}*" if a.verdict else ""
        techniques = ", ".join(label("techniques", t) for t in a.techniques)
        tags = f"; techniques: {techniques}" if techniques else ""
        out.append(
            f"{number}. “{md_text(article.passage(a.span))}”  \n"
            f"   **{label('kinds', a.kind)}**{verdict}{tags}. "
            f"[{md_text(a.title)}](../{article.slug}.md#{a.id}): {md_text(a.summary)}\n"
        )
        out += [f"   - Discuss: {md_text(q)}\n" for q in a.questions]
    return "".join(out)
