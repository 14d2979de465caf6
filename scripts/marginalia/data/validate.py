"""Validate annotation files: the JSON Schema first, then the rules a schema cannot express.

The JSON Schema in annotations/ is the single statement of the format, so that editors and
`marginalia check` agree; its errors are turned into messages a contributor can act on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import marshal
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import jsonschema
import jsonschema_rs

from marginalia.data import anchoring, evidence
from marginalia.data.loader import SCHEMA_LINE, Document
from marginalia.data.model import (
    Annotation,
    Article,
    Block,
    Correction,
    Location,
    TechniqueUse,
    TextQuoteSelector,
    source_from,
)
from marginalia.data.problems import Problem

SCHEMA_FILE = "annotation.schema.json"


@cache
def schema_validator(path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def check_schema(doc: Document, validator: jsonschema.Draft202012Validator) -> list[Problem]:
    if _fast_validator(validator).is_valid(doc.data):
        return []
    problems = []
    for error in validator.iter_errors(doc.data):
        problems += _explain(doc, error, validator.schema)
    # one problem per place and code is enough (an if/then can repeat a required-field error)
    unique = {(p.location, p.code, p.message): p for p in problems}
    return list(unique.values())


class _Fast:
    """jsonschema-rs answers "valid?" about fifty times faster than jsonschema; a file it finds
    invalid (or cannot judge) goes to jsonschema, whose errors carry what the messages need."""

    def __init__(self, schema: dict) -> None:
        self._validator = jsonschema_rs.validator_for(schema)

    def is_valid(self, data: object) -> bool:
        try:
            return self._validator.is_valid(data)
        except (ValueError, TypeError):  # not JSON-shaped data, e.g. a mapping with number keys
            return False


_FAST: dict[int, tuple[jsonschema.Draft202012Validator, _Fast]] = {}


def _fast_validator(validator: jsonschema.Draft202012Validator) -> _Fast:
    if id(validator) not in _FAST:  # the validator is kept too, so its id is never reused
        _FAST[id(validator)] = (validator, _Fast(validator.schema))
    return _FAST[id(validator)][1]


def _explain(doc: Document, error: jsonschema.ValidationError, schema_root: dict) -> list[Problem]:
    if error.validator == "anyOf" and error.context:
        # A technique is a plain name or a mapping: explain the branch the value was meant for.
        branch = 1 if isinstance(error.instance, dict) else 0
        chosen = [e for e in error.context if e.schema_path and e.schema_path[0] == branch]
        if chosen:
            return [p for sub in chosen for p in _explain(doc, sub, schema_root)]
    path = tuple(error.absolute_path)
    name = _field_name(path)
    kind, schema = error.validator, error.schema
    if kind == "required":
        missing = [f for f in error.validator_value if not _has(error.instance, f)]
        where = doc.at(path)
        if path == () and "verdict" in missing and len(missing) == 1:
            message = "a source-check needs a verdict"
            verdicts = ", ".join(schema_root["properties"]["verdict"]["enum"])
            hint = f"add `verdict:` with one of: {verdicts}"
            return [Problem(where, "missing-verdict", message, hint)]
        return [
            Problem(
                where,
                "missing-field",
                f"missing required field '{_field_name((*path, m))}'",
                _needs(m, path, error.instance),
            )
            for m in missing
        ]
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        return [_unknown_field(doc, (*path, k), allowed) for k in extra]
    if kind == "not" and path == () and "verdict" in error.instance:
        message = f"only a source-check has a verdict; this is a {error.instance.get('kind')}"
        hint = "remove `verdict`, or make the kind source-check"
        return [Problem(doc.at(("verdict",), key=True), "verdict-not-allowed", message, hint)]
    where = doc.at(path)
    if kind == "enum":
        options = ", ".join(map(str, error.validator_value))
        what = {"kind": "kind", "verdict": "verdict"}.get(str(path[-1]))
        if what is None and "techniques" in path:
            what = "technique"
        if what is None:
            message = f"'{name}' must be one of: {options}; not '{error.instance}'"
            return [Problem(where, "bad-value", message)]
        close = difflib.get_close_matches(str(error.instance), map(str, error.validator_value), 1)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {options}"
        return [Problem(where, f"unknown-{what}", f"unknown {what} '{error.instance}'", hint)]
    if kind == "type":
        message = f"'{name}' must be {_a(error.validator_value)}, not {_type_of(error.instance)}"
        hint = "put the value in quotes" if error.validator_value == "string" else None
        return [Problem(where, "wrong-type", message, hint)]
    if kind == "minLength":
        return [Problem(where, "empty-value", f"'{name}' must not be empty")]
    if kind == "maxLength":
        message = (
            f"'{name}' is {len(error.instance)} characters; the limit is {error.validator_value}"
        )
        return [Problem(where, "too-long", message)]
    if kind == "minItems" and path == ("sources",):
        need = error.validator_value
        verdict = doc.data.get("verdict") if isinstance(doc.data, dict) else None
        if need >= 2:
            found = len(error.instance)
            message = f"a '{verdict}' verdict needs at least 2 independent sources; found {found}"
            return [Problem(where, "too-few-sources", message)]
        return [Problem(where, "too-few-sources", "at least one source is required")]
    if kind == "uniqueItems":
        return [Problem(where, "duplicate-item", f"'{name}' lists the same item twice")]
    if kind == "pattern":
        return [_pattern_problem(where, path, name, error.instance)]
    return [Problem(where, "schema", f"'{name}': {error.message}")]


def _pattern_problem(where: Location, path: tuple, name: str, value: str) -> Problem:
    last = path[-1] if path else ""
    if last == "url":
        if isinstance(value, str) and re.fullmatch(r"http://\S+", value):
            hint = "use the page's https:// address; plain http is refused"
            return Problem(where, "insecure-url", f"'{value}' is not an https address", hint)
        hint = "sources need a full address that starts with https://"
        return Problem(where, "unsafe-url", f"'{value}' is not an https address", hint)
    if last in ("date", "checked"):
        form = "YYYY-MM-DD" if last == "checked" else "YYYY-MM-DD, YYYY-MM or YYYY"
        hint = "n.d. if the page shows no date; never guess one" if "sources" in path else None
        return Problem(where, "bad-date", f"'{value}' is not a date of the form {form}", hint)
    if last in ("id", "article"):
        return Problem(
            where,
            f"bad-{last}",
            f"'{value}' is not a valid {last}",
            "use lowercase letters, digits and single hyphens, e.g. dia-report-release",
        )
    return Problem(
        where, "bad-value", f"'{name}' does not have the expected form"
    )  # pragma: no cover


NEEDS = {
    "sources": "add `sources:`, a list; each source needs `title`, `publisher`, `date`, `url` "
    "(https) and `evidence` (the words you relied on, copied exactly); see CONTRIBUTING.md",
    "target": "add `target:` with `exact:`, the article's words, copied",
    "evidence": "each excerpt needs `text:`",
}


def _needs(field: str, path: tuple, instance: object) -> str | None:
    """What a missing field holds, and for a source what else its mapping still lacks."""
    if field in NEEDS:
        return NEEDS[field]
    if "sources" in path and isinstance(instance, dict):
        required = ("title", "publisher", "date", "url")
        lacking = [f for f in required if f not in instance]
        if lacking:
            return f"this source (the mapping that starts here) also needs: {', '.join(lacking)}"
    return None


def _unknown_field(doc: Document, path: tuple, allowed: list[str]) -> Problem:
    field = str(path[-1])
    close = difflib.get_close_matches(field, allowed, 1)
    hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(allowed)}"
    return Problem(
        doc.at(path, key=True), "unknown-field", f"unknown field '{_field_name(path)}'", hint
    )


def _has(instance: object, key: str) -> bool:
    return isinstance(instance, dict) and key in instance


def _field_name(path: tuple) -> str:
    return (
        ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")
        or "file"
    )


def _a(type_name: str) -> str:
    return {"object": "a mapping", "array": "a list", "integer": "a whole number"}.get(
        type_name, f"a {type_name}"
    )


def _type_of(value: object) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false", int: "a number",
             float: "a number", type(None): "empty", str: "text"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def check_document(
    doc: Document,
    validator: jsonschema.Draft202012Validator,
    articles: dict[str, Article],
    article_dir: str | None,
    today: dt.date,
) -> tuple[Annotation | None, list[Problem]]:
    """Every problem of one annotation file; the annotation, anchored, when there are none."""
    problems: list[Problem] = []
    if not doc.first_line.startswith(SCHEMA_LINE):
        message = "the first line must name the JSON Schema, so editors can check the file"
        hint = f"make the first line: {SCHEMA_LINE}../{SCHEMA_FILE}"
        problems.append(Problem(Location(doc.path), "missing-schema-line", message, hint))
    if not isinstance(doc.data, dict):
        what = _type_of(doc.data)
        problems.append(
            Problem(doc.at(()), "wrong-type", f"an annotation must be a mapping, not {what}")
        )
        return None, problems
    problems += check_schema(doc, validator)
    data = doc.data
    stem = Path(doc.path).stem
    if isinstance(data.get("id"), str) and data["id"] != stem:
        message = f"the id '{data['id']}' does not match the file name '{stem}.yml'"
        hint = f"rename the file to {data['id']}.yml, or set `id: {stem}`"
        problems.append(Problem(doc.at(("id",)), "id-mismatch", message, hint))
    problems += _check_dates(doc, today)
    placeholders = _placeholders(doc)
    if placeholders:  # a TODO left in a date or an address is that, not a malformed value
        left = {p.location for p in placeholders}
        problems = [p for p in problems if p.location not in left] + placeholders
    slug = data.get("article")
    article = articles.get(slug) if isinstance(slug, str) else None
    if (
        isinstance(slug, str)
        and article is None
        and not any(p.code == "bad-article" for p in problems)
    ):
        hint = f"known articles: {', '.join(sorted(articles)) or 'none'}"
        problems.append(
            Problem(doc.at(("article",)), "unknown-article", f"unknown article '{slug}'", hint)
        )
    if article_dir and isinstance(slug, str) and slug != article_dir:
        message = f"the file is in annotations/{article_dir}/ but names the article '{slug}'"
        problems.append(Problem(doc.at(("article",)), "article-mismatch", message))
    if problems or article is None:
        return None, problems
    annotation = _to_annotation(doc)
    anchored, problems = _anchor(doc, annotation, article)
    if anchored is None:
        return None, problems
    problems = check_note_words(doc, anchored, article)
    return (None, problems) if problems else (anchored, [])


def rebuild(doc: Document, article: Article) -> Annotation | None:
    """The anchored annotation of a note that passed `check_document` unchanged before: its
    data is built and anchored again, without the checks it passed."""
    anchored, _ = _anchor(doc, _to_annotation(doc), article)
    return anchored


def check_note_words(doc: Document, note: Annotation, article: Article) -> list[Problem]:
    """The note's own words: quotations and figures backed by evidence, tagged words quoted,
    verbs that take a side kept out of the site's voice."""
    fields = evidence.note_fields(doc.data)
    problems = evidence.check_fields(doc, fields, article.text, note.sources)
    if any(use.words for use in note.technique_uses):
        prose = " ".join(text for _, text in fields)
        quoted = evidence.fold(evidence.plain_markdown(prose)) + " " + evidence.folded(article.text)
        for i, use in enumerate(note.technique_uses):
            if use.words and evidence.fold(use.words).strip(evidence.EDGE) not in quoted:
                message = f"the tagged words \u201c{use.words}\u201d are not quoted in this note"
                hint = "copy `words` exactly as the body quotes them"
                where = doc.at(("techniques", i, "words"))
                problems.append(Problem(where, "technique-words-not-found", message, hint))
    problems += _one_sided_verbs(doc, fields)
    problems += _funding_labels(doc, fields)
    return problems


FUNDING_LABELS = re.compile(
    r"\b(?:state|government)-(?:run|owned|funded|controlled)\b"
    r"|\b(?:US|U\.S\.|American|Iranian|Russian|Qatari|Chinese|Turkish|British|French)[- ]funded\b",
    re.IGNORECASE,
)


# What each pattern needs, as plain substrings: a note without any of them skips the
# case-blind regular expression, which costs a hundred times more than these look-ups.
_FUNDING_STEMS = ("-run", "-owned", "funded", "-controlled")
_VERB_STEMS = ("admit", "claim", "conced", "insist", "acknowledg", "confess")


def _may_hold(text: str, stems: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(stem in lower for stem in stems)


def _funding_labels(doc: Document, fields: list) -> list[Problem]:
    """Funding labels come from annotations/publishers.yml, one per outlet, the same formula for
    every government: none in a note's own words, where one side could be labelled and not
    the other."""
    problems = []
    for path, text in fields:
        if not _may_hold(text, _FUNDING_STEMS):
            continue
        for m in FUNDING_LABELS.finditer(evidence.outside_quotations(text)):
            message = f"'{m.group(0)}': funding labels are not written in a note"
            hint = (
                "name the outlet only; the site shows the label from annotations/publishers.yml "
                "beside its sources, the same for every government"
            )
            problems.append(Problem(doc.at(path), "funding-label-in-prose", message, hint))
    return problems


ONE_SIDED_VERBS = re.compile(
    # verb forms only: "the article's claim" is a noun, and fine
    r"\b(admit(?:s|ted|ting)?|claim(?:ed|ing)|conced(?:e|es|ed|ing)|insist(?:s|ed|ing)?"
    r"|acknowledg(?:e|es|ed|ing)|confess(?:es|ed|ing)?)\b",
    re.IGNORECASE,
)


def _one_sided_verbs(doc: Document, fields: list) -> list[Problem]:
    problems = []
    raw: str | None = None
    for path, text in fields:
        if not _may_hold(text, _VERB_STEMS):
            continue
        prose = evidence.outside_quotations(text)
        for m in ONE_SIDED_VERBS.finditer(prose):
            if raw is None:
                raw = doc.text if doc.text is not None else doc.file.read_text(encoding="utf-8")
            found = evidence.locate_word(raw, doc.at(path).line, m.group(0))
            where = Location(doc.path, *found) if found else doc.at(path)
            message = f"'{m.group(0)}' takes a side when the site says it in its own voice"
            hint = "use the same neutral verb for every side: said, stated, wrote, reported, told"
            problems.append(Problem(where, "one-sided-verb", message, hint))
    return problems


def _placeholders(doc: Document) -> list[Problem]:
    """The TODO values `marginalia new` writes, still there: what is left to fill in."""
    if not _holds_todo(doc.data):
        return []
    problems = []
    for path, value in _texts_with_todo(doc.data, ()):
        message = f"'{_field_name(path)}' still holds the placeholder from marginalia new"
        hint = " ".join(value.split())[:90].removeprefix("TODO: ")
        problems.append(Problem(doc.at(path), "placeholder", message, f"replace it with {hint}"))
    return problems


def _texts_with_todo(value: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Each text holding "TODO", with its path. Not nested in `_placeholders`: a nested
    function that calls itself is a reference cycle, and would hold the note's document."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _texts_with_todo(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts_with_todo(v, (*path, i))
    elif isinstance(value, str) and "TODO" in value:
        yield path, value


def _holds_todo(data: object) -> bool:
    """Whether any text of the data may hold "TODO": one search of its marshalled bytes (a
    text is written there whole, as UTF-8) instead of a walk through every value."""
    try:
        return b"TODO" in marshal.dumps(data)
    except ValueError:  # a value marshal cannot write: walk through them all
        return True


def _check_dates(doc: Document, today: dt.date) -> list[Problem]:
    problems = []
    dates = [(("checked",), doc.data.get("checked"))]
    for field in ("corrections", "sources"):  # each entry of these lists has a date
        entries = doc.data.get(field)
        if isinstance(entries, list):
            dates += [
                ((field, i, "date"), e.get("date"))
                for i, e in enumerate(entries)
                if isinstance(e, dict)
            ]
    for path, value in dates:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            continue
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            problems.append(Problem(doc.at(path), "bad-date", f"'{value}' is not a real date"))
            continue
        if day > today:
            problems.append(Problem(doc.at(path), "date-in-future", f"'{value}' is in the future"))
    return problems


def technique_uses(entries: list) -> tuple[TechniqueUse, ...]:
    """The `techniques` list as uses: a plain name is the article's own highlighted words."""
    return tuple(
        TechniqueUse(e, "article")
        if isinstance(e, str)
        else TechniqueUse(e["technique"], e["speaker"], e["words"])
        for e in entries
    )


def _to_annotation(doc: Document) -> Annotation:
    data = doc.data
    uses = technique_uses(data.get("techniques") or [])
    target = data["target"]
    return Annotation(
        id=data["id"],
        article=data["article"],
        kind=data["kind"],
        target=TextQuoteSelector(target["exact"], target.get("prefix"), target.get("suffix")),
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        sources=tuple(source_from(s) for s in data["sources"]),
        checked=data["checked"],
        path=doc.path,
        verdict=data.get("verdict"),
        techniques=tuple(dict.fromkeys(u.technique for u in uses)),
        technique_uses=uses,
        questions=tuple(data.get("questions") or ()),
        corrections=tuple(
            Correction(c["date"], c["change"]) for c in data.get("corrections") or ()
        ),
    )


def _anchor(
    doc: Document, annotation: Annotation, article: Article
) -> tuple[Annotation | None, list[Problem]]:
    result = anchoring.find_quote(article.text, annotation.target)
    where = None if isinstance(result, anchoring.Anchored) else doc.at(("target", "exact"))
    if isinstance(result, anchoring.NotFound):
        hint = None
        if result.closest:
            closest = anchoring.visible_text(article.text, result.closest)
            quote = anchoring.normalise_quote(annotation.target.exact)
            changes = "; ".join(anchoring.word_changes(quote, closest))
            place = _place(article, result.closest.start, with_line=True)
            hint = f"closest text, in {place}: “{closest}”"
            if changes:
                hint += f"\n    it differs: {changes}"
            hint += (
                f"\n    to anchor it there, paste: exact: {json.dumps(closest, ensure_ascii=False)}"
            )
        return None, [Problem(where, "quote-not-found", "quote not found in the article", hint)]
    if isinstance(result, anchoring.Ambiguous):
        places = "; ".join(_place(article, s.start, with_line=True) for s in result.spans)
        message = f"the quote occurs {len(result.spans)} times in the article"
        hint = f"add a `prefix` or `suffix` to choose one; it occurs in {places}"
        return None, [Problem(where, "quote-ambiguous", message, hint)]
    if isinstance(result, anchoring.ContextMismatch):
        part_where = doc.at(("target", result.part))
        first = result.spans[0]
        if result.part == "prefix":
            seen = _words(article.text[max(0, first.start - 40) : first.start], keep_end=True)
            hint = f"the text before the quote is “…{seen}”"
        else:
            seen = _words(article.text[first.end : first.end + 40], keep_end=False)
            hint = f"the text after the quote is “{seen}…”"
        message = f"the quote occurs, but never with this {result.part}"
        return None, [Problem(part_where, f"{result.part}-mismatch", message, hint)]
    span = result.span
    block = _block_at(article, span.start)
    if block is None or span.end > block.end:
        where = doc.at(("target", "exact"))
        message = "the quote runs across two blocks of the article"
        hint = "quote a span inside one paragraph, heading or quotation"
        return None, [Problem(where, "quote-crosses-blocks", message, hint)]
    if not anchoring.span_matches(article.text, span, annotation.target):  # pragma: no cover
        return None, [
            Problem(
                doc.at(("target", "exact")),
                "anchor-mismatch",
                "internal error: the span does not equal the quote",
            )
        ]
    return replace(annotation, span=span, block=block.number), []


def _words(raw: str, keep_end: bool) -> str:
    """Normalised text cut to whole words at the end that was cut (the start or the end)."""
    text = anchoring.normalise(raw).text.strip()
    words = text.split(" ")
    return " ".join(words[1:] if keep_end else words[:-1]) if len(words) > 1 else text


def _block_at(article: Article, offset: int) -> Block | None:
    for block in article.blocks:
        if block.start <= offset < block.end:
            return block
    return None


def _place(article: Article, offset: int, with_line: bool = False) -> str:
    block = _block_at(article, offset)
    where = f"block {block.number} ({block.role})" if block else "the article"
    if with_line:
        line = article.text.count("\n", 0, offset) + 1
        column = offset - (article.text.rfind("\n", 0, offset) + 1) + 1
        where += f" at {article.text_path}:{line}:{column}"
    return where


def check_duplicates(annotations: list[Annotation], docs: dict[str, Document]) -> list[Problem]:
    """Ids are unique within an article: each is a permalink on the article's page."""
    problems, first_seen = [], {}
    for annotation in annotations:
        key = (annotation.article, annotation.id)
        if key in first_seen:
            other = first_seen[key]
            message = f"the id '{annotation.id}' is also used by {other}"
            problems.append(Problem(docs[annotation.path].at(("id",)), "duplicate-id", message))
        else:
            first_seen[key] = annotation.path
    return problems
