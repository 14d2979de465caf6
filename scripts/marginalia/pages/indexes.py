"""The pages around the articles: indexes by kind, verdict and technique, sources, method."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from marginalia.data.coverage import coverage
from marginalia.data.model import Annotation, Corpus
from marginalia.data.taxonomy import label, taxonomy
from marginalia.pages.render import SPEAKERS as RENDER_SPEAKERS
from marginalia.pages.render import plain, prose_date, safe_url

# Left out of the site's search: lists that only repeat the notes' titles and summaries, and
# classroom pages. Each note is found once, in full, on its article's notes page.
NOT_SEARCHED = "search:\n  exclude: true\n"
# a page reached from another page (the teacher guide, a lesson), left out of the navigation
NAV_HIDDEN = "nav_hidden: true\n"
# a student's practice or projected page: the header's search is hidden (it would find the
# notes' answers); overrides/main.html reads this
QUIET = "quiet: true\n"


HTML_ONLY = "<!-- marginalia: html only -->\n\n"  # first line of a body that is all raw HTML


def html_block(html: str) -> str:
    """One raw HTML block for Python-Markdown: no blank line may split it."""
    return re.sub(r"\n\s*\n", "\n", html.strip()) + "\n\n"


def front_matter(title: str, description: str, extra: str = "", nav: str | None = None) -> str:
    """A page's front matter. `nav`: a short name for the navigation (an article's companion
    pages say "Timeline" under the article, not its whole title again); the page's title,
    which the browser's tab shows, stays whole."""
    short = f"nav_title: {_quoted(nav)}\n" if nav else ""
    return (
        f"---\ntitle: {_quoted(title)}\ndescription: {_quoted(description)}\n{short}{extra}---\n\n"
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def md_text(text: str) -> str:
    """Plain text made safe inside Markdown: HTML escaped, and Markdown's own marks too."""
    return re.sub(r"([\\`*_\[\]|!])", r"\\\1", plain(text))


def definition(section: str, key: str) -> str:
    return " ".join(taxonomy()[section][key]["definition"].split())


# The lists of every note (by kind, verdict and technique, every source, the corrections) are
# written as raw HTML: they grow with the library, and Python-Markdown took most of a rebuild's
# time on them (the sources list alone 130 ms of `marginalia serve`'s 0.8 s). The markup is what
# Python-Markdown made of their Markdown before; the engines make their tables of contents from
# the permalinked headings (engines/mkdocs_build.py, engines/zensical_build.py).
LISTS_ROOT = "../../"  # from notes/<list>/ to the site's root


def heading(level: int, html: str, ident: str) -> str:
    """A heading with its permalink, as Python-Markdown's toc extension writes one, on one
    line (the engines find the headings of a raw-HTML page by their permalinks)."""
    html = " ".join(html.split())
    return (
        f'<h{level} id="{ident}">{html}<a class="headerlink" href="#{ident}" '
        f'title="Permanent link">&para;</a></h{level}>'
    )


# such a heading, as `heading` writes it: the engines read the page's table of contents from it
PERMALINKED = re.compile(
    r'<h([1-6]) id="([^"]+)">([^<\n]*)<a class="headerlink" href="#\2" '
    r'title="Permanent link">&para;</a></h\1>\n?'
)


def permalinked(html: str) -> tuple[tuple[int, str, str], ...]:
    """(level, id, HTML) of each heading of `html` written by `heading`."""
    return tuple((int(n), ident, text) for n, ident, text in PERMALINKED.findall(html))


def note_link(a: Annotation, root: str = LISTS_ROOT) -> str:
    return f'<a href="{root}articles/{a.article}/#{a.id}">{plain(a.title)}</a>'


def whose_words(a: Annotation, technique: str, article_words: str) -> str:
    """Whose words a note tags with a technique, each speaker once: "US officials: “a”,
    “b”; the article: “c”"."""
    quoted: dict[str, list[str]] = {}
    for u in a.technique_uses:
        if u.technique == technique:
            words = u.words if u.words else article_words
            quoted.setdefault(u.speaker, []).append(f"\u201c{plain(words)}\u201d")
    return "; ".join(f"{RENDER_SPEAKERS[s]}: {', '.join(w)}" for s, w in quoted.items())


def _note_item(a: Annotation, corpus: Corpus, technique: str | None = None) -> str:
    """A note in an index. Under a technique: whose words it tags, and which words."""
    article = corpus.articles[a.article]
    verdict = f" \u2014 <em>{escape(label('verdicts', a.verdict))}</em>" if a.verdict else ""
    tagged = ""
    if technique:
        whose = whose_words(a, technique, article.passage(a.span))
        tagged = f"<br />\n  Tagged words: {whose}."
    return (
        f"<li>{note_link(a)}{verdict}<br />\n"
        f"  {plain(a.summary)} <em>({plain(article.title)})</em>{tagged}</li>"
    )


def _index_page(
    title: str, intro: str, section: str, pick, corpus: Corpus, skip_empty: bool = False
) -> str:
    """A page with one section per key of a taxonomy section, listing the notes `pick` keeps.
    With `skip_empty`, keys no note has are named together at the end instead of each
    heading an empty section."""
    keys = set(taxonomy()[section]) | {"not-found"}  # the sections' ids, which come first
    out = [heading(1, escape(title), unique(slugify(title, "-"), keys)), f"<p>{escape(intro)}</p>"]
    unused = []
    for key in taxonomy()[section]:
        notes = [a for a in corpus.annotations if pick(a, key)]
        if skip_empty and not notes:
            unused.append(key)
            continue
        out.append(heading(2, f"{escape(label(section, key))} ({len(notes)})", key))
        out.append(f"<p>{escape(definition(section, key))}</p>")
        technique = key if section == "techniques" else None
        listed = "\n".join(_note_item(a, corpus, technique) for a in notes)
        out.append(f"<ul>\n{listed}\n</ul>" if notes else "<p>No notes yet.</p>")
    if unused:
        names = ", ".join(escape(label(section, k)) for k in unused)
        out.append(heading(2, "Not found in these texts", "not-found"))
        out.append(
            f"<p>No note tags these {len(unused)}: {names}. A note tags a technique only where "
            "a passage shows it, and no passage of the texts here was found to; the "
            f'definitions are on <a href="{LISTS_ROOT}method/#{section}">How we check</a>.</p>'
        )
    return front_matter(title, intro, NOT_SEARCHED) + HTML_ONLY + html_block("\n".join(out))


def by_kind(corpus: Corpus) -> str:
    intro = "Every note on the site, grouped by what it does."
    return _index_page("Notes by kind", intro, "kinds", lambda a, k: a.kind == k, corpus)


def by_verdict(corpus: Corpus) -> str:
    intro = (
        "Every source check, grouped by verdict. A verdict answers one question: does the source "
        "say what the article says it says, in context? It is not a judgement of the article's "
        "politics."
    )
    return _index_page(
        "Source checks by verdict", intro, "verdicts", lambda a, v: a.verdict == v, corpus
    )


def by_technique(corpus: Corpus) -> str:
    intro = (
        "Passages tagged with a persuasion technique. A tag describes how a passage tries to "
        "persuade, not whether it is true; the same rules apply to every voice the article quotes."
    )
    return _index_page(
        "Notes by persuasion technique",
        intro,
        "techniques",
        lambda a, t: t in a.techniques,
        corpus,
        skip_empty=True,
    )


def notes_index(corpus: Corpus) -> str:
    kinds = Counter(a.kind for a in corpus.annotations)
    counts = ", ".join(f"{kinds[k]} {label('kinds', k).lower()}" for k in taxonomy()["kinds"])
    intro = "Indexes of every note: by kind, by verdict, by technique, and every source."
    return (
        front_matter("Indexes", intro)
        + f"# Indexes\n\n{len(corpus.annotations)} notes in all ({counts}).\n\n"
        "- [Notes by kind](kinds.md)\n- [Source checks by verdict](verdicts.md)\n"
        "- [Notes by persuasion technique](techniques.md)\n- [Every source](sources.md)\n"
        "- [Corrections](corrections.md)\n- [Open data](../downloads/index.md)\n"
    )


def sources_page(corpus: Corpus) -> str:
    cited: dict[tuple, list[Annotation]] = defaultdict(list)
    for a in corpus.annotations:
        for s in a.sources:
            cited[(s.publisher, s.title, s.date, s.url, s.via)].append(a)
    publishers = sorted({key[0] for key in cited}, key=lambda p: (p.casefold(), p))
    title = "Every source"
    ids = {slugify(title, "-")}  # each publisher's anchor, as Python-Markdown's toc made them
    out = [
        heading(1, title, slugify(title, "-")),
        f"<p>{len(cited)} sources from {len(publishers)} publishers. Where a page was read on a "
        "syndicated copy or a mirror, the original publisher is named and the copy is marked.</p>",
    ]
    for publisher in publishers:
        out.append(heading(2, plain(publisher), unique(slugify(publisher, "-"), ids)))
        items = []
        for key in sorted((k for k in cited if k[0] == publisher), key=lambda k: (k[2], k[1])):
            _, name, date, url, via = key
            notes = ", ".join(note_link(a) for a in cited[key])
            copy = f" (read via {plain(via)})" if via else ""
            link = f'<a href="{escape(safe_url(url))}">{plain(name)}</a>'
            items.append(f"<li>{link}, {escape(date)}{copy}<br />\n  Cited in: {notes}</li>")
        out.append("<ul>\n" + "\n".join(items) + "\n</ul>")
    description = "Every source cited by the notes of the site, by publisher."
    return front_matter(title, description, NOT_SEARCHED) + HTML_ONLY + html_block("\n".join(out))


def articles_index(corpus: Corpus) -> str:
    out = [front_matter("Articles", "The annotated articles of the site."), "# Articles\n\n"]
    for slug, article in sorted(corpus.articles.items()):
        count = len(corpus.for_article(slug))
        out.append(
            f"## [{md_text(article.title)}]({slug}.md)\n\n"
            f"By {md_text(article.author)}, {md_text(article.outlet)}, {article.published}. "
            f"{count} notes.\n\n"
        )
    return "".join(out)


def method_page(corpus: Corpus) -> str:
    tax = taxonomy()
    intro = "The kinds of note, the verdict scale and the persuasion techniques used on this site."
    out = [
        front_matter("How we check", intro),
        (Path(__file__).parent / "method.md").read_text(encoding="utf-8"),
        "\n## Kinds of note {#kinds}\n\n| Kind | What it does |\n|---|---|\n",
    ]
    out += [f"| {v['symbol']} **{v['label']}** | {definition('kinds', k)} |\n"
            for k, v in tax["kinds"].items()]  # fmt: skip
    out.append(
        "\n## The verdict scale {#verdicts}\n\nOnly source checks carry a verdict. Every verdict "
        "other than *Accurate* rests on at least two independent sources. A verdict is given "
        "only when its question can be answered yes; an opinion, a prediction or a reading gets "
        "context and counterpoints instead.\n\n"
        "| Verdict | Meaning | The question it answers |\n|---|---|---|\n"
    )
    out += [
        f"| **{v['label']}** | {definition('verdicts', k)} | {escape(v['test'])} |\n"
        for k, v in tax["verdicts"].items()
    ]
    out.append(
        "\n## Persuasion techniques {#techniques}\n\nThe fourteen technique classes of the "
        "SemEval-2020 Task 11 shared task on detecting propaganda techniques in news articles, "
        "with the labels and definitions used here.\n\n"
        "| Technique | Definition | Cues | SemEval-2020 class |\n|---|---|---|---|\n"
    )
    out += [
        f"| **{v['label']}** | {definition('techniques', k)} | {escape(v['cues'])} | "
        f"`{v['semeval']}` |\n"
        for k, v in tax["techniques"].items()
    ]
    out.append(parity_tables(corpus))
    out.append(coverage_section(corpus))
    return "".join(out)


def coverage_section(corpus: Corpus) -> str:
    """Every sentence of each article with the notes that touch it, or why it has none."""
    out = [
        "\n## Coverage: every sentence and its notes {#coverage}\n\n"
        "Every sentence of an article that makes a checkable claim or a main argument has a "
        "note, or a reason it has none; the build fails on a sentence with neither.\n"
    ]
    for slug, article in corpus.articles.items():
        lines = coverage(article, corpus.for_article(slug))
        titles = {a.id: a.title for a in corpus.for_article(slug)}
        covered = sum(bool(ln.notes) for ln in lines)
        out.append(
            f"\n### {md_text(article.title)}\n\n{len(lines)} sentences: {covered} with notes, "
            f"{len(lines) - covered} without, each with its reason.\n\n"
            "| # | Sentence | Notes, or why none |\n|---:|---|---|\n"
        )
        for ln in lines:
            words = ln.text if len(ln.text) <= 160 else ln.text[:159].rstrip() + "…"
            if ln.notes:
                where = "; ".join(
                    f"[{md_text(titles[i])}](../articles/{slug}.md#{i})" for i in ln.notes
                )
            else:
                where = f"*{md_text(ln.reason or 'no reason given')}*"
            out.append(f"| {ln.sentence.number} | {md_text(words)} | {where} |\n")
    return "".join(out)


# the speakers as column heads: the note labels of render.SPEAKERS, capitalised
SPEAKERS = {k: v[0].upper() + v[1:] for k, v in RENDER_SPEAKERS.items()}
# Verdicts from confirming the article's claim to contradicting it.
DIRECTIONS = {
    "Confirms the claim": ("accurate",),
    "Confirms it, with something left out or later changed": (
        "accurate-but-incomplete",
        "outdated",
    ),
    "Finds against the claim": ("misleading", "misattributed", "unsupported", "false"),
    "No finding": ("could-not-verify",),
}


def parity_tables(corpus: Corpus) -> str:
    """One standard for every side, counted: technique tags by speaker, verdicts by
    direction, funding labels by government. Generated from the notes on every build."""
    tax = taxonomy()
    uses = [u for a in corpus.annotations for u in a.technique_uses]
    out = [
        "\n## One standard for every side {#parity}\n\n"
        "These tables are counted from the notes each time the site is built.\n\n"
        "**Persuasion techniques, by whose words they mark.** The same definitions apply to "
        "every speaker: the article's own words, and words of officials or others that a note "
        "quotes.\n\n| Technique | "
        + " | ".join(SPEAKERS.values())
        + " |\n|---|"
        + "---:|" * len(SPEAKERS)
        + "\n"
    ]
    for key, entry in tax["techniques"].items():
        counts = [sum(u.technique == key and u.speaker == s for u in uses) for s in SPEAKERS]
        if any(counts):
            out.append(f"| {entry['label']} | " + " | ".join(map(str, counts)) + " |\n")
    totals = [sum(u.speaker == s for u in uses) for s in SPEAKERS]
    out.append("| **All** | " + " | ".join(f"**{n}**" for n in totals) + " |\n")
    checks = [a for a in corpus.annotations if a.verdict]
    out.append(
        f"\n**Verdicts, from confirming the article's claim to finding against it** "
        f"({len(checks)} source checks; the other notes are context and counterpoints, "
        "which carry no verdict).\n\n| Direction | Verdicts | Notes |\n|---|---|---:|\n"
    )
    for direction, keys in DIRECTIONS.items():
        names = ", ".join(tax["verdicts"][k]["label"] for k in keys)
        out.append(f"| {direction} | {names} | {sum(a.verdict in keys for a in checks)} |\n")
    labels = corpus.extras.funding if corpus.extras else {}
    if labels:
        cited: dict[str, int] = {}
        for s in all_sources(corpus):
            if s.funding:
                cited[s.funding] = cited.get(s.funding, 0) + 1
        out.append(
            "\n**Funding labels.** A source from an outlet owned or funded by a government "
            "carries one label, the same formula for every government, shown beside it "
            "wherever it is cited.\n\n| Label | Outlets | Sources cited |\n|---|---|---:|\n"
        )
        by_label: dict[str, list[str]] = {}
        for name, label_text in labels.items():
            by_label.setdefault(label_text, []).append(name)
        for label_text, names in sorted(by_label.items()):
            outlets = ", ".join(md_text(n) for n in sorted(names))
            out.append(f"| {md_text(label_text)} | {outlets} | {cited.get(label_text, 0)} |\n")
    return "".join(out)


def all_sources(corpus: Corpus):
    """Every source cited anywhere: notes, timelines, quote traces, glossary."""
    for a in corpus.annotations:
        yield from a.sources
    extras = corpus.extras
    if extras is None:
        return
    for events in extras.timelines.values():
        for e in events:
            yield from e.sources
    for traces in extras.quotes.values():
        yield from (q.source for q in traces)
    for t in extras.glossary:
        yield from t.sources


def corrections_page(corpus: Corpus) -> str:
    """Every correction of substance to a published note, newest first."""
    entries = sorted(
        ((c.date, a, c.change) for a in corpus.annotations for c in a.corrections),
        key=lambda e: (e[0], e[1].id),
        reverse=True,
    )
    intro = (
        "Every change of substance to a published note (a changed verdict, a corrected fact) is "
        "recorded in the note's file and listed here, newest first. Small edits of wording are "
        "not listed; the project's version history keeps every change."
    )
    out = [heading(1, "Corrections", "corrections"), f"<p>{escape(intro)}</p>"]
    if not entries:
        out.append("<p>No corrections yet.</p>")
    else:
        items = [
            f"<li><strong>{prose_date(date)}</strong>: {note_link(a)}. {plain(change)}</li>"
            for date, a, change in entries
        ]
        out.append("<ul>\n" + "\n".join(items) + "\n</ul>")
    description = "Every correction to a published note, newest first."
    return front_matter("Corrections", description) + HTML_ONLY + html_block("\n".join(out))


def downloads_page(corpus: Corpus, site_url: str | None = None) -> str:
    checks = sum(a.kind == "source-check" for a in corpus.annotations)
    claimreview = (
        f"| [claimreview.jsonld](claimreview.jsonld) | the {checks} source checks as "
        "schema.org `ClaimReview`, the format search engines read for fact checks; the same "
        "markup is embedded in each article's page of notes | [schema.org ClaimReview]"
        "(https://schema.org/ClaimReview) |\n"
        if site_url
        else ""
    )
    return (
        front_matter(
            "Open data", "Every annotation as open data: W3C Web Annotations, ClaimReview, CSV."
        )
        + "# Open data\n\n"
        f"The {len(corpus.annotations)} notes of this site, for reuse by teachers, researchers and "
        "other tools. They are built from the same files as the pages, at the same time.\n\n"
        "| file | what it holds | standard |\n| --- | --- | --- |\n"
        "| [annotations.jsonld](annotations.jsonld) | every note as a W3C Web Annotation, "
        "attached to the exact words of the article (a quote with the words around it, and "
        "its position in the text); each source is linked, with the excerpts the note rests "
        "on | [W3C Web Annotation Data Model](https://www.w3.org/TR/annotation-model/) |\n"
        + claimreview
        + "| [annotations.csv](annotations.csv) | one row per note, for spreadsheets | CSV "
        "([RFC 4180](https://www.rfc-editor.org/rfc/rfc4180)) |\n"
        "| [datapackage.json](datapackage.json) | what each file is, and for the CSV what every "
        "column holds and its type, for data portals | [Frictionless Data Package]"
        "(https://specs.frictionlessdata.io/data-package/) |\n\n"
        "**Licence.** The notes are published under the [Creative Commons Attribution 4.0]"
        "(https://creativecommons.org/licenses/by/4.0/) licence: reuse them, with credit to "
        "the Marginalia contributors. The words of the articles that the notes quote stay their "
        "authors'; they are quoted here for criticism and teaching.\n"
    )
