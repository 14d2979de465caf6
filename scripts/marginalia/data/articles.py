"""Articles: a verbatim text in seeds/ and its metadata file, checked against each other."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from marginalia.data.loader import Document, load_yaml, read_text
from marginalia.data.model import Article, Block
from marginalia.data.problems import Problem

ROLES = ("title", "heading", "byline", "meta", "paragraph", "quotation", "separator", "footer")
REQUIRED = ("title", "author", "outlet", "published", "text", "sha256", "blocks", "rights")
KNOWN = (*REQUIRED, "first_published", "url", "coverage", "genre", "rights", "draft")
RIGHTS = ("public-domain", "licence", "permission", "quotation")
BLOCK_GAP = re.compile(r"\n[ \t\r]*\n")


def split_blocks(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each block: runs of lines separated by blank lines."""
    spans, pos = [], 0
    for gap in [*BLOCK_GAP.finditer(text), None]:
        end = gap.start() if gap else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((pos + lead, pos + len(chunk.rstrip())))
        pos = gap.end() if gap else len(text)
    return spans


def load_articles(root: Path) -> tuple[dict[str, Article], list[Problem]]:
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for meta_path in sorted((root / "seeds").glob("*.yml")):
        article, found = load_article(root, meta_path)
        problems += found
        if article:
            articles[article.slug] = article
    return articles, problems


def load_article(root: Path, meta_path: Path) -> tuple[Article | None, list[Problem]]:
    shown = meta_path.relative_to(root).as_posix()
    doc, problems = load_yaml(meta_path, shown)
    if doc is None:
        return None, problems
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem(doc.at(()), "wrong-type", "the metadata must be a mapping")]
    problems += [
        Problem(doc.at((k,), key=True), "unknown-field", f"unknown field '{k}'")
        for k in data
        if k not in KNOWN
    ]
    missing = [k for k in REQUIRED if not data.get(k)]
    if missing:
        message = f"missing required field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
        hint = (
            "`rights:` says on what terms the text is shown here: `kind:` one of "
            f"{', '.join(RIGHTS)}, and a `note:` (the licence, who gave permission, or why it "
            "is quoted)"
            if "rights" in missing
            else None
        )
        return None, [*problems, Problem(doc.at(()), "missing-field", message, hint)]
    rights = data["rights"]
    if not isinstance(rights, dict) or rights.get("kind") not in RIGHTS or not rights.get("note"):
        message = f"`rights` needs a `kind` (one of {', '.join(RIGHTS)}) and a `note`"
        return None, [*problems, Problem(doc.at(("rights",)), "bad-value", message)]
    text_path = meta_path.parent / str(data["text"])
    text, found = read_text(text_path, text_path.relative_to(root).as_posix())
    if text is None:
        return None, problems + found
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != data["sha256"]:
        message = "the article text no longer matches its SHA-256"
        hint = f"the text's SHA-256 is {digest}; update `sha256` only if the change is intended"
        problems.append(Problem(doc.at(("sha256",)), "text-hash-mismatch", message, hint))
    blocks, found = _blocks(doc, text)
    problems += found
    first = data.get("first_published") or {}
    article = Article(
        slug=meta_path.stem,
        title=str(data["title"]),
        author=str(data["author"]),
        outlet=str(data["outlet"]),
        published=str(data["published"]),
        text=text,
        text_path=text_path.relative_to(root).as_posix(),
        sha256=str(data["sha256"]),
        blocks=tuple(blocks),
        first_published=first.get("outlet") if isinstance(first, dict) else None,
        first_published_note=first.get("note") if isinstance(first, dict) else None,
        url=data.get("url"),
        meta_path=shown,
        coverage=_coverage(doc),
        genre=str(data.get("genre") or "An opinion piece"),
        rights=(str(rights["kind"]), " ".join(str(rights["note"]).split())),
        draft=str(data.get("draft")).lower() == "true",  # YAML booleans are read as text
        to_review=tuple(
            n
            for n, e in enumerate(data["blocks"], 1)
            if isinstance(e, dict) and str(e.get("review")).lower() == "true"
        ),
        uncited=tuple(
            n
            for n, e in enumerate(data["blocks"], 1)
            if isinstance(e, dict)
            and e.get("role") == "quotation"
            and (not e.get("cites") or "TODO" in str(e.get("cites")))
        ),
    )
    return article, problems


def _blocks(doc: Document, text: str) -> tuple[list[Block], list[Problem]]:
    declared = doc.data["blocks"]
    spans = split_blocks(text)
    if not isinstance(declared, list) or len(declared) != len(spans):
        count = len(declared) if isinstance(declared, list) else 0
        message = f"`blocks` lists {count} blocks but the text has {len(spans)}"
        return [], [Problem(doc.at(("blocks",)), "block-count-mismatch", message)]
    blocks, problems = [], []
    for number, (entry, (start, end)) in enumerate(zip(declared, spans, strict=True), 1):
        path = ("blocks", number - 1)  # located only on a problem: finding places costs a parse
        entry = entry if isinstance(entry, dict) else {}
        role, starts = entry.get("role"), str(entry.get("starts", ""))
        if role not in ROLES:
            message = f"block {number} has an unknown role '{role}'"
            hint = f"expected one of: {', '.join(ROLES)}"
            problems.append(Problem(doc.at(path), "unknown-role", message, hint))
        if not starts or not text.startswith(starts, start):
            message = f"block {number} does not start with {starts!r}"
            hint = f"it starts with {text[start : start + 40]!r}"
            problems.append(Problem(doc.at(path), "block-start-mismatch", message, hint))
        blocks.append(Block(number, str(role), start, end, entry.get("cites")))
    return blocks, problems


def _coverage(doc: Document) -> tuple[tuple[str, str], ...]:
    """The `coverage:` entries: the first words of a sentence with no note, and why."""
    entries = doc.data.get("coverage") or []
    if not isinstance(entries, list):
        return ()
    return tuple(
        (str(e["starts"]), str(e["reason"]))
        for e in entries
        if isinstance(e, dict) and e.get("starts") and e.get("reason")
    )
