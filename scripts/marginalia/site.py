"""Generate the site's pages from the corpus: ordinary Markdown plus Material features.

`generate_pages` is pure (corpus in, {path: Markdown} out), so any static-site engine that
reads a docs folder can use its output; `write_pages` puts it on disk for such engines.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from marginalia.model import Annotation, Article, Block, Corpus
from marginalia.render import (
    label,
    note_numbers,
    plain,
    render_block_text,
    render_note,
    taxonomy,
)

# The pages this module owns. A hand-written page in docs/ may not use these paths.
ARTICLES, NOTES, METHOD = "articles", "notes", "method/index.md"


def generate_pages(corpus: Corpus) -> dict[str, str]:
    pages = {f"{ARTICLES}/index.md": articles_index(corpus)}
    for slug, article in corpus.articles.items():
        pages[f"{ARTICLES}/{slug}.md"] = article_page(article, corpus.for_article(slug))
    pages[f"{NOTES}/index.md"] = notes_index(corpus)
    pages[f"{NOTES}/kinds.md"] = by_kind(corpus)
    pages[f"{NOTES}/verdicts.md"] = by_verdict(corpus)
    pages[f"{NOTES}/techniques.md"] = by_technique(corpus)
    pages[f"{NOTES}/sources.md"] = sources_page(corpus)
    pages[METHOD] = method_page()
    return pages


def write_pages(pages: dict[str, str], out: Path) -> None:
    """Write pages under `out`, touching only files whose content changed."""
    for rel, content in pages.items():
        target = out / rel
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def _front_matter(title: str, description: str, extra: str = "") -> str:
    return f"---\ntitle: {_yaml_str(title)}\ndescription: {_yaml_str(description)}\n{extra}---\n\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _html_block(html: str) -> str:
    """One raw HTML block for Python-Markdown: no blank line may split it."""
    return re.sub(r"\n\s*\n", "\n", html.strip()) + "\n\n"


# --- the annotated article -------------------------------------------------------------


def article_page(article: Article, notes: list[Annotation]) -> str:
    numbers = note_numbers(notes)
    by_block: dict[int, list[Annotation]] = defaultdict(list)
    for a in notes:
        by_block[a.block].append(a)
    kinds = Counter(a.kind for a in notes)
    description = (
        f"{article.title}, by {article.author} ({article.outlet}, {article.published}), "
        f"annotated: {len(notes)} notes of context, counterpoints and source checks."
    )
    out = [_front_matter(article.title, description, "hide:\n  - toc\n")]
    out.append(_html_block('<p class="mg-eyebrow">Annotated article</p>'))
    in_footer = False
    for block in article.blocks:
        if block.role == "footer" and not in_footer:
            in_footer = True
            out.append(_html_block(
                '<h2 class="mg-footer-heading" id="outlet-footer">'
                "The outlet's footer, as published</h2>"
            ))  # fmt: skip
        here = by_block.get(block.number, [])
        out.append(_html_block(_row(article, block, here, numbers)))
        if block.role == "meta":
            out.append(_html_block(summary_box(article, notes, kinds, numbers)))
            out.append(_html_block('<h2 id="the-article" class="mg-section">The article</h2>'))
    return "".join(out)


def _row(article: Article, block: Block, notes: list[Annotation], numbers: dict[str, int]) -> str:
    text = render_block_text(article, block, notes, numbers)
    ident = f'id="p{block.number}"'
    role = block.role
    number = (f'<a class="mg-pnum" href="#p{block.number}" '
              f'aria-label="Block {block.number}">{block.number}</a>')  # fmt: skip
    if role == "title":
        html = f'<h1 {ident} class="mg-title">{text}</h1>'
    elif role == "heading":
        html = f'<h2 {ident} class="mg-heading">{text}</h2>'
    elif role == "separator":
        html = f'<hr {ident} class="mg-separator">'
    elif role == "quotation":
        cites = f'<footer class="mg-cites">Quoted from {plain(block.cites)}</footer>' if block.cites else ""
        html = f'<blockquote {ident} class="mg-quote"><p>{number}{text}</p>{cites}</blockquote>'
    else:
        html = f'<p {ident} class="mg-{role}">{number}{text}</p>'
    notes_html = "\n".join(render_note(a, numbers[a.id], "../../", _edit_url(a)) for a in notes)
    aside = f'\n<div class="mg-notes">\n{notes_html}\n</div>' if notes else ""
    return f'<div class="mg-row mg-row--{role}{" mg-row--noted" if notes else ""}">\n{html}{aside}\n</div>'


def _edit_url(a: Annotation) -> str | None:
    return None


def summary_box(article: Article, notes: list[Annotation], kinds: Counter, numbers: dict[str, int]) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    parts = [
        f'<a href="../../notes/kinds/#{k}">{count(kinds[k], label("kinds", k).lower())}</a>'
        for k in taxonomy()["kinds"]
        if kinds[k]
    ]
    checks = [a for a in notes if a.kind == "source-check"]
    verdicts = Counter(a.verdict for a in checks)
    verdict_items = "".join(
        f'<li><a href="../../notes/verdicts/#{v}">{escape(label("verdicts", v))}</a>: {verdicts[v]}</li>'
        for v in taxonomy()["verdicts"]
        if verdicts[v]
    )
    check_items = "".join(
        f'<li><a href="#{a.id}"><span class="mg-verdict mg-verdict--{a.verdict}">'
        f'{escape(label("verdicts", a.verdict))}</span> {plain(a.title)}</a></li>'
        for a in checks
    )
    first = ""
    if article.first_published:
        first = f" First published by {plain(article.first_published)}."
    return "\n".join([
        '<section class="mg-summary" aria-labelledby="what-was-checked">',
        '<h2 id="what-was-checked">What was checked</h2>',
        f"<p>An opinion piece by {plain(article.author)}, published by {plain(article.outlet)} "
        f"on {escape(article.published)}.{first}</p>",
        f"<p>{len(notes)} notes: {', '.join(parts)}.</p>" if notes else "<p>No notes yet.</p>",
        f'<p>How the {count(len(checks), "source check")} came out:</p><ul class="mg-verdict-counts">{verdict_items}</ul>' if checks else "",
        f'<details class="mg-checklist"><summary>Every source check</summary><ul>{check_items}</ul></details>' if checks else "",
        '<p class="mg-legend">Highlights: <span class="mg-mark mg-mark--context">dotted underline, i</span> context · '
        '<span class="mg-mark mg-mark--counterpoint">dashed underline, ⇄</span> counterpoint · '
        '<span class="mg-mark mg-mark--source-check">solid underline, ✓</span> source check. '
        'The numbered marker after each highlight leads to its note. '
        '<a href="../../method/">How we check</a>.</p>',
        "</section>",
    ])  # fmt: skip


# --- indexes ---------------------------------------------------------------------------


def _note_item(a: Annotation, corpus: Corpus) -> str:
    article = corpus.articles[a.article]
    verdict = f" — *{label('verdicts', a.verdict)}*" if a.verdict else ""
    return (f"- [{_md_text(a.title)}](../{ARTICLES}/{a.article}.md#{a.id}){verdict}  \n"
            f"  {_md_text(a.summary)} <span class=\"mg-from\">({_md_text(article.title)})</span>")  # fmt: skip


def _md_text(text: str) -> str:
    """Plain text made safe inside Markdown: HTML escaped, and Markdown's own marks too."""
    return re.sub(r"([\\`*_\[\]|!])", r"\\\1", plain(text))


def _index_page(title: str, description: str, intro: str, sections: list[tuple[str, str, str, list[Annotation]]], corpus: Corpus) -> str:
    out = [_front_matter(title, description), f"# {title}\n\n{intro}\n\n"]
    for key, heading, definition, notes in sections:
        out.append(f"## {heading} ({len(notes)}) {{#{key}}}\n\n")
        if definition:
            out.append(f"{definition}\n\n")
        out.append("\n".join(_note_item(a, corpus) for a in notes) + "\n\n" if notes else "No notes yet.\n\n")
    return "".join(out)


def _definition(section: str, key: str) -> str:
    return " ".join(taxonomy()[section][key]["definition"].split())


def by_kind(corpus: Corpus) -> str:
    sections = [
        (k, label("kinds", k), _definition("kinds", k), [a for a in corpus.annotations if a.kind == k])
        for k in taxonomy()["kinds"]
    ]
    return _index_page("Notes by kind", "Every note of the site, grouped by kind: context, counterpoint, source check.",
                       "Every note on the site, grouped by what it does. The [method](../method/index.md) defines each kind.", sections, corpus)


def by_verdict(corpus: Corpus) -> str:
    sections = [
        (v, label("verdicts", v), _definition("verdicts", v), [a for a in corpus.annotations if a.verdict == v])
        for v in taxonomy()["verdicts"]
    ]
    return _index_page("Source checks by verdict", "Every source check of the site, grouped by verdict.",
                       "A verdict answers one question: does the source say what the article says it says, in context? It is not a judgement of the article's politics.", sections, corpus)


def by_technique(corpus: Corpus) -> str:
    sections = [
        (t, label("techniques", t), _definition("techniques", t), [a for a in corpus.annotations if t in a.techniques])
        for t in taxonomy()["techniques"]
    ]
    return _index_page("Notes by persuasion technique", "Passages tagged with a persuasion technique, grouped by technique.",
                       "A technique tag describes how a passage tries to persuade, not whether it is true. The same rules apply to every voice the article quotes.", sections, corpus)


def notes_index(corpus: Corpus) -> str:
    kinds = Counter(a.kind for a in corpus.annotations)
    counts = ", ".join(f"{kinds[k]} {label('kinds', k).lower()}" for k in taxonomy()["kinds"])
    return (_front_matter("Indexes", "Indexes of every note: by kind, by verdict, by technique, and every source.")
            + f"# Indexes\n\n{len(corpus.annotations)} notes in all ({counts}).\n\n"
            "- [Notes by kind](kinds.md)\n- [Source checks by verdict](verdicts.md)\n"
            "- [Notes by persuasion technique](techniques.md)\n- [Every source](sources.md)\n")  # fmt: skip


def sources_page(corpus: Corpus) -> str:
    cited: dict[tuple, list[Annotation]] = defaultdict(list)
    for a in corpus.annotations:
        for s in a.sources:
            cited[(s.publisher, s.title, s.date, s.url, s.via)].append(a)
    by_publisher: dict[str, list[tuple]] = defaultdict(list)
    for key in cited:
        by_publisher[key[0]].append(key)
    out = [_front_matter("Every source", "Every source cited by the notes of the site, by publisher."),
           "# Every source\n\n",
           f"{len(cited)} sources from {len(by_publisher)} publishers, cited by the notes. "
           "Where a page was read on a syndicated copy or mirror, the original publisher is named and the copy is marked.\n\n"]  # fmt: skip
    for publisher in sorted(by_publisher, key=str.casefold):
        out.append(f"## {_md_text(publisher)}\n\n")
        for key in sorted(by_publisher[publisher], key=lambda k: (k[2], k[1])):
            _, title, date, url, via = key
            notes = ", ".join(f"[{_md_text(a.title)}](../{ARTICLES}/{a.article}.md#{a.id})" for a in cited[key])
            copy = f" (read via {_md_text(via)})" if via else ""
            out.append(f"- [{_md_text(title)}](<{url}>), {date}{copy}  \n  Cited in: {notes}\n")
        out.append("\n")
    return "".join(out)


def articles_index(corpus: Corpus) -> str:
    out = [_front_matter("Articles", "The annotated articles of the site."), "# Articles\n\n"]
    for slug, article in sorted(corpus.articles.items()):
        notes = corpus.for_article(slug)
        out.append(f"## [{_md_text(article.title)}]({slug}.md)\n\n"
                   f"By {_md_text(article.author)}, {_md_text(article.outlet)}, {article.published}. "
                   f"{len(notes)} notes.\n\n")  # fmt: skip
    return "".join(out)


def method_page() -> str:
    tax = taxonomy()
    out = [_front_matter("How we check", "The kinds of note, the verdict scale and the persuasion techniques used on this site."),
           (Path(__file__).parent / "method.md").read_text(encoding="utf-8"), "\n## Kinds of note {#kinds}\n\n",
           "| Kind | What it does |\n|---|---|\n"]  # fmt: skip
    out += [f"| {v['symbol']} **{v['label']}** | {_definition('kinds', k)} |\n" for k, v in tax["kinds"].items()]
    out.append("\n## The verdict scale {#verdicts}\n\nOnly source checks carry a verdict. "
               "Every verdict other than *Accurate* rests on at least two independent sources.\n\n"
               "| Verdict | Meaning |\n|---|---|\n")  # fmt: skip
    out += [f"| **{v['label']}** | {_definition('verdicts', k)} |\n" for k, v in tax["verdicts"].items()]
    out.append("\n## Persuasion techniques {#techniques}\n\n"
               "The fourteen classes of the SemEval-2020 Task 11 shared task on detecting propaganda techniques "
               "in news articles, with the labels and definitions used here.\n\n"
               "| Technique | Definition | Cues | SemEval-2020 class |\n|---|---|---|---|\n")  # fmt: skip
    out += [f"| **{v['label']}** | {_definition('techniques', k)} | {escape(v['cues'])} | `{v['semeval']}` |\n"
            for k, v in tax["techniques"].items()]  # fmt: skip
    return "".join(out)
