"""Synthetic corpora for the benchmarks and the audit, made from the real article and the
real notes: 1 to 100 copies of the article with 50 to 200 notes each, the pages
`marginalia generate` writes for them, and the same articles as plain Material pages.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

SEED_ARTICLE = "us-war-of-terror-continues"
SCHEMA_LINE = "# yaml-language-server: $schema=../annotation.schema.json\n"
NOTE_LINK = re.compile(r"\[([^\]]*)\]\(#([a-z0-9-]+)\)")
SPAN_ROLES = ("paragraph", "quotation", "heading")


@dataclass(frozen=True)
class Shape:
    """One synthetic corpus: `articles` copies of the article with `notes` notes each."""

    articles: int
    notes: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.notes)


def shape(articles: int, low: int, high: int, seed: int = 2020) -> Shape:
    """Notes per article spread evenly from `low` to `high`, in a shuffled order."""
    if articles == 1:
        return Shape(1, (high,))
    step = (high - low) / (articles - 1)
    counts = [round(low + i * step) for i in range(articles)]
    random.Random(seed).shuffle(counts)
    return Shape(articles, tuple(counts))


# --- making a corpus -------------------------------------------------------------------------


def make_corpus(source: Path, dest: Path, corpus: Shape, seed: int = 2020) -> None:
    """Write a project at `dest`: the site's configuration, `corpus.articles` copies of the seed
    article, and for each the real notes (their own spans, so their real overlaps) followed by
    copies of the real notes moved to random spans of the text (overlapping ones included)."""
    rng = random.Random(seed)
    text, meta = _seed(source)
    templates = _templates(source)
    spans = _span_pool(text, meta["blocks"])
    _project_skeleton(source, dest)
    # a copy annotates a random selection of spans: every sentence carries a reason, so that
    # check passes whichever sentences the selection leaves out
    meta = {**meta, "coverage": _every_sentence(text, meta["blocks"])}
    for number, count in enumerate(corpus.notes, 1):
        slug = f"bench-{number:03d}"
        (dest / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
        copy = {**meta, "title": f"{meta['title']} (copy {number})", "text": f"{slug}.txt"}
        _dump(dest / "seeds" / f"{slug}.yml", copy)
        folder = dest / "annotations" / slug
        folder.mkdir(parents=True)
        notes = _notes(templates, count, spans, rng)
        ids = {note["id"] for note in notes}
        for note in notes:
            note = {**note, "article": slug, "body": _drop_links(note["body"], ids)}
            (folder / f"{note['id']}.yml").write_text(SCHEMA_LINE + _yaml(note), encoding="utf-8")


def _every_sentence(text: str, blocks: list[dict]) -> list[dict]:
    from marginalia.data.articles import split_blocks
    from marginalia.data.coverage import sentences
    from marginalia.data.model import Article, Block

    parts = tuple(
        Block(n, b["role"], start, end)
        for n, ((start, end), b) in enumerate(zip(split_blocks(text), blocks, strict=True), 1)
    )
    article = Article("synthetic", "", "", "", "", text, "", "", parts)
    reason = "Synthetic corpus: a random selection of spans is annotated."
    starts = {" ".join(s.text(article).split()[:8]) for s in sentences(article)}
    return [{"starts": start, "reason": reason} for start in sorted(starts)]


def _seed(source: Path) -> tuple[str, dict]:
    """The seed article's text and its metadata."""
    seeds = source / "seeds"
    text = (seeds / f"{SEED_ARTICLE}.txt").read_text(encoding="utf-8")
    return text, yaml.safe_load((seeds / f"{SEED_ARTICLE}.yml").read_text(encoding="utf-8"))


def copy_site_config(source: Path, dest: Path) -> None:
    """The site's configuration in `dest`: mkdocs.yml, the theme overrides, and the code
    (linked, so the hook that MkDocs loads is the one being measured)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(source / "overrides", dest / "overrides")
    (dest / "scripts").symlink_to(source / "scripts", target_is_directory=True)


def _templates(source: Path) -> list[dict]:
    folder = source / "annotations" / SEED_ARTICLE
    notes = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("[!_]*.yml"))
    ]
    for note in notes:
        note["checked"] = str(note["checked"])
        for item in note["sources"]:
            item["date"] = str(item["date"])
    return notes


def _span_pool(text: str, blocks: list[dict]) -> list[str]:
    """Every quote of 3 to 12 words inside one block that occurs once in the text and holds
    no markup: the places a synthetic note may be moved to."""
    from marginalia.data.articles import split_blocks

    pool: list[str] = []
    for (start, end), block in zip(split_blocks(text), blocks, strict=True):
        if block["role"] not in SPAN_ROLES:
            continue
        words = list(re.finditer(r"\S+", text[start:end]))
        for i in range(len(words)):
            for length in (3, 5, 8, 12):
                if i + length > len(words):
                    break
                quote = text[start + words[i].start() : start + words[i + length - 1].end()]
                if "<" not in quote and ">" not in quote and text.count(quote) == 1:
                    pool.append(quote)
                    break
    return pool


def _notes(templates: list[dict], count: int, spans: list[str], rng: random.Random) -> list[dict]:
    notes = [dict(t) for t in templates[:count]]
    for number in range(len(notes), count):
        template = templates[number % len(templates)]
        note = {**template, "id": f"{template['id']}-{number}"}
        note["target"] = {"exact": rng.choice(spans)}
        # every body differs, as real ones do: no cache may serve one copy from another
        note["body"] = f"{template['body'].rstrip()}\n\nSynthetic copy N{number} of this note.\n"
        notes.append(note)
    return notes


def _drop_links(body: str, ids: set[str]) -> str:
    """Links to notes that this synthetic article lacks become plain text."""
    return NOTE_LINK.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), body)


def _project_skeleton(source: Path, dest: Path) -> None:
    copy_site_config(source, dest)
    for folder in ("seeds", "annotations", "docs/assets"):
        (dest / folder).mkdir(parents=True, exist_ok=True)
    for asset in (source / "docs" / "assets").iterdir():
        shutil.copy(asset, dest / "docs" / "assets" / asset.name)
    (dest / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    for name in ("annotation.schema.json", "glossary.yml"):
        shutil.copy(source / "annotations" / name, dest / "annotations" / name)


HOME = "# Benchmark corpus\n\nMade by `marginalia bench`: see the [articles](articles/index.md).\n"


def make_plain(source: Path, dest: Path, corpus: Shape) -> None:
    """The same articles as plain Material for MkDocs pages: one page per article with its
    text (title, headings and paragraphs), the same theme and search, no annotation layer."""
    from marginalia.data.articles import split_blocks

    text, meta = _seed(source)
    (dest / "docs" / "articles").mkdir(parents=True)
    config = yaml.safe_load(PLAIN_CONFIG)
    config["theme"]["palette"] = _palette(source)
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (dest / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    links = []
    for number in range(1, corpus.articles + 1):
        slug = f"bench-{number:03d}"
        parts = []
        for (start, end), block in zip(split_blocks(text), meta["blocks"], strict=True):
            chunk = " ".join(text[start:end].split())
            role = block["role"]
            if role == "title":
                parts.append(f"# {chunk} (copy {number})")
            elif role == "heading":
                parts.append(f"## {chunk}")
            elif role == "quotation":
                parts.append(f"> {chunk}")
            elif role != "separator":
                parts.append(chunk)
        page = dest / "docs" / "articles" / f"{slug}.md"
        page.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        links.append(f"- [{meta['title']} (copy {number})]({slug}.md)")
    (dest / "docs" / "articles" / "index.md").write_text(
        "# Articles\n\n" + "\n".join(links) + "\n", encoding="utf-8"
    )


def make_static(annotated: Path, dest: Path) -> None:
    """The annotated site's own pages, as `marginalia generate` writes them, in a project that
    plain MkDocs builds without the hook: what MkDocs alone spends on the same content."""
    from marginalia.data.corpus import load_corpus
    from marginalia.pages.site import generate_pages, write_pages

    corpus, problems = load_corpus(annotated)
    if problems:
        raise RuntimeError(f"the corpus at {annotated} has {len(problems)} problems")
    shutil.copytree(annotated / "docs", dest / "docs")
    shutil.copytree(annotated / "overrides", dest / "overrides")
    write_pages(generate_pages(corpus), dest / "docs")
    config = (annotated / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(hooks|watch):\n(?:  - .*\n)+", "", config, flags=re.M)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")


PLAIN_CONFIG = """
site_name: Plain
strict: true
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.top, search.highlight, content.code.copy]
plugins: [search]
markdown_extensions: [attr_list, md_in_html, tables, sane_lists, {toc: {permalink: true}}]
"""


def _palette(source: Path) -> list:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((source / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return config["theme"]["palette"]


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _dump(path: Path, data: dict) -> None:
    path.write_text(_yaml(data), encoding="utf-8")


# --- measuring -------------------------------------------------------------------------------


def plain_build(root: Path, site: Path) -> None:
    """A strict MkDocs build of the project at `root`, with nothing of Marginalia around it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
