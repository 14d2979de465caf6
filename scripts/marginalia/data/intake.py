"""A new article from a plain-text, Markdown or HTML file: its verbatim text and metadata.

`marginalia article add` reads the file, keeps its words and its blocks (paragraphs, headings,
block quotations; the links of the original marked as <u>…</u>, as in every stored text),
drops what is not the article (scripts, navigation, share buttons, sign-up forms), and
proposes a role for every block. A role it had to guess is marked `review: true`, and
`marginalia check` lists those until a person confirms them. Nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

from marginalia.data.model import Location
from marginalia.data.problems import Problem

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RIGHTS = ("public-domain", "licence", "permission", "quotation")
# Page furniture a saved web page carries and an article does not.
DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
             "iframe", "svg", "template", "figure")  # fmt: skip
DROP_HINTS = re.compile(
    r"share|social|nav|menu|comment|related|newsletter|subscribe|advert|promo|cookie|breadcrumb"
    r"|sidebar|footer|header|popup|modal|signup|sign-up",
    re.IGNORECASE,
)
FOOTER_WORDS = re.compile(
    r"^(copyright|©|all rights reserved|disclaimer|follow us|share this|subscribe|"
    r"sign up|related|read more|comments?\b)",
    re.IGNORECASE,
)
SEPARATOR = re.compile(r"^[*\-_~=#\s]{1,20}$")
DATELINE = re.compile(
    r"^(\w+\s+)?(\d{1,2}\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(,\s*\d{4})?\b|^\d{4}-\d{2}-\d{2}$"
    r"|^\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    text: str
    role: str
    sure: bool  # False: a guess for a person to confirm


class IntakeError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def read_blocks(path: Path, shown: str, title: str) -> list[Block]:
    """The article's blocks, each with a proposed role."""
    where = Location(shown)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IntakeError(
            Problem(where, "unreadable-file", f"cannot read: {err.strerror}")
        ) from err
    if b"\x00" in data[:4096]:
        raise IntakeError(Problem(where, "not-utf8", "this is a binary file, not a text",
                                  "save the article as text, Markdown or HTML"))  # fmt: skip
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problem = Problem(Location(shown, line, 1), "not-utf8", "the file is not UTF-8 text")
        raise IntakeError(problem) from err
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IntakeError(Problem(where, "empty-file", "the file is empty"))
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        raw = _html_blocks(text)
    elif suffix in (".md", ".markdown"):
        raw = _markdown_blocks(text)
    else:
        raw = [(b, None) for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]
    if not raw:
        raise IntakeError(Problem(where, "empty-file", "no text was found in the file"))
    longest = max(raw, key=lambda b: len(b[0]))[0]
    if len(raw) < 2 or len(longest.split()) > 2000:
        message = "the text cannot be split into blocks: it needs blank lines between paragraphs"
        hint = "put an empty line between paragraphs, then run it again"
        raise IntakeError(Problem(where, "unsplittable-text", message, hint))
    return _propose(raw, title)


def _html_blocks(html: str) -> list[tuple[str, str | None]]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:  # already removed with its parent
            continue
        marks = " ".join([*tag.get("class", []), tag.get("id", ""), tag.get("role", "")])
        if marks.strip() and DROP_HINTS.search(marks) and tag.name not in ("html", "body"):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks: list[tuple[str, str | None]] = []
    for tag in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "li"]):
        if tag.find_parent("blockquote") is not None:
            continue  # a paragraph inside a quotation is part of the quotation
        if tag.name == "p" and tag.find_parent("li") is not None:
            continue
        words = _inline(tag)
        if not words:
            continue
        kind = {"blockquote": "quotation", "p": None, "li": None}.get(tag.name, "heading")
        blocks.append((words, kind))
    return blocks


def _inline(tag: Tag) -> str:
    """A block's words, with its links marked <u>…</u> as the stored texts mark them."""
    parts: list[str] = []
    for child in tag.descendants:
        if isinstance(child, NavigableString) and child.parent is not None:
            link = child.find_parent("a")
            text = str(child)
            parts.append(f"<u>{text}</u>" if link is not None and link in tag.descendants else text)
    words = " ".join("".join(parts).split())
    return words.replace("</u> <u>", " ").replace("</u><u>", "")


def _markdown_blocks(text: str) -> list[tuple[str, str | None]]:
    blocks: list[tuple[str, str | None]] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = chunk.strip().split("\n")
        kind = None
        if all(line.lstrip().startswith(">") for line in lines):
            lines = [line.lstrip()[1:].strip() for line in lines]
            kind = "quotation"
        elif lines[0].startswith("#"):
            lines[0] = lines[0].lstrip("#").strip()
            kind = "heading"
        words = " ".join(" ".join(lines).split())
        words = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", words)  # images
        words = re.sub(
            r"\[([^\]]+)\]\([^)]*\)", r"<u>\1</u>", words
        )  # links, as stored texts mark them
        words = re.sub(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1", r"\2", words)  # emphasis
        if words:
            blocks.append((words, kind))
    return blocks


def _propose(raw: list[tuple[str, str | None]], title: str) -> list[Block]:
    blocks: list[Block] = []
    for n, (text, kind) in enumerate(raw):
        plain = " ".join(text.replace("<u>", "").replace("</u>", "").split())
        if n == 0 and _same(plain, title):
            blocks.append(Block(text, "title", True))
        elif kind == "heading" and n == 0:
            blocks.append(Block(text, "title", False))
        elif kind in ("heading", "quotation"):
            blocks.append(Block(text, kind, True))
        elif SEPARATOR.match(plain):
            blocks.append(Block(text, "separator", True))
        elif n < 4 and re.match(r"^by\s+\S", plain, re.IGNORECASE) and len(plain.split()) <= 12:
            blocks.append(Block(text, "byline", False))
        elif n < 5 and DATELINE.match(plain) and len(plain.split()) <= 8:
            blocks.append(Block(text, "meta", False))
        elif n >= len(raw) - 4 and FOOTER_WORDS.match(plain):
            blocks.append(Block(text, "footer", False))
        elif (
            kind is None
            and len(plain.split()) <= 10
            and not plain.endswith((".", "?", "!", '"', "”", ":"))
        ):
            blocks.append(Block(text, "heading", False))
        else:
            blocks.append(Block(text, "paragraph", kind is not None or len(plain.split()) > 10))
    return blocks


def _same(a: str, b: str) -> bool:
    fold = lambda s: re.sub(r"\W+", " ", s.lower()).strip()  # noqa: E731
    return fold(a) == fold(b)


def slug_for(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-").split("-")
    return "-".join(words[:6]) or "article"


def metadata(blocks: list[Block], text: str, meta: dict) -> str:
    """The article's metadata file: the given facts, the hash, a role for every block."""
    lines = [
        "# Metadata for the article whose verbatim text is in the file named by `text`,",
        "# written by `marginalia article add`. Roles marked `review: true` are guesses:",
        "# confirm or correct each, then delete its `review: true`.",
    ]
    facts = {k: meta[k] for k in ("title", "author", "outlet", "published", "genre")}
    facts["url"] = meta.get("url")
    facts["text"] = meta["text"]
    facts["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    facts["rights"] = meta["rights"]
    facts["draft"] = True
    dumped = yaml.safe_dump(facts, sort_keys=False, allow_unicode=True, width=100)
    lines.append(dumped.rstrip())
    lines.append("blocks:")
    for b in blocks:
        starts = " ".join(b.text.split()[:5])
        entry = {"role": b.role, "starts": starts}
        if b.role == "quotation":
            entry["cites"] = "TODO: who is quoted"
        if not b.sure:
            entry["review"] = True
        lines.append("  - " + yaml.safe_dump(entry, default_flow_style=True, allow_unicode=True,
                                              width=10_000).strip())  # fmt: skip
    lines.append("coverage: []  # sentences that need no note, each with its reason")
    return "\n".join(lines) + "\n"


def add_article(root: Path, source: Path, meta: dict) -> tuple[list[Path], list[Block]]:
    """Write seeds/<slug>.txt, seeds/<slug>.yml and annotations/<slug>/_about.md; nothing if
    any exists already or the file cannot be read as an article."""
    slug = meta["slug"]
    if not SLUG.match(slug):
        message = f"'{slug}' is not a slug: lowercase words joined by hyphens"
        raise IntakeError(Problem(Location(str(source)), "bad-article", message))
    targets = [root / "seeds" / f"{slug}.txt", root / "seeds" / f"{slug}.yml",
               root / "annotations" / slug]  # fmt: skip
    taken = [t for t in targets if t.exists()]
    if taken:
        message = f"an article '{slug}' exists already ({taken[0].relative_to(root)})"
        raise IntakeError(Problem(Location(str(source)), "article-exists", message,
                                  "choose another --slug; nothing was written"))  # fmt: skip
    blocks = read_blocks(source, str(source), meta["title"])
    text = "\n\n".join(b.text for b in blocks) + "\n"
    meta = {**meta, "text": f"{slug}.txt"}
    targets[0].parent.mkdir(parents=True, exist_ok=True)
    targets[0].write_text(text, encoding="utf-8")
    targets[1].write_text(metadata(blocks, text, meta), encoding="utf-8")
    targets[2].mkdir(parents=True)
    about = targets[2] / "_about.md"
    about.write_text(
        "# About the source\n\n"
        f"Who publishes {meta['outlet']}, and who is {meta['author']}: what a reader should know "
        "before weighing this text, each point with its source. Write it from what others have "
        "published, with their replies, as the About page of the first article does.\n",
        encoding="utf-8",
    )
    return [targets[0], targets[1], about], blocks
