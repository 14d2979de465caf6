# ruff: noqa: E501  (the descriptions are text that editors show; they read best unbroken)
"""The JSON Schema of an annotation file, built from the taxonomy so the two cannot drift.

The committed file annotations/annotation.schema.json is this schema (`marginalia schema`
writes it; a test checks it is current). Editors read it to validate as contributors type.
"""

from __future__ import annotations

import json

from marginalia.data.taxonomy import taxonomy

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
PARTIAL_DATE = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
SOURCE_DATE = PARTIAL_DATE + "|^n\\.d\\.$"  # "n.d.": the page shows no date
TEXT = {"type": "string", "minLength": 1}
# An https address with no space and none of the characters RFC 3986 never allows unescaped.
URL = '^https://[^\\s<>"{}|\\\\^`]+$'


def _enum(section: str) -> dict:
    entries = taxonomy()[section]
    return {
        "enum": list(entries),
        "markdownEnumDescriptions": [
            f"**{v['label']}**: {' '.join(v['definition'].split())}" for v in entries.values()
        ],
    }


EVIDENCE = {
    "type": "array",
    "minItems": 1,
    "description": "Short verbatim excerpts (a sentence or two each) copied from the source as it was read. Every quotation and figure in the note must be found here or in the article.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["text"],
        "properties": {
            "text": {
                **TEXT,
                "maxLength": 1200,
                "description": "The source's own words, copied exactly; never our paraphrase.",
            },
            "where": {
                **TEXT,
                "maxLength": 120,
                "description": "Where on the page the words are: 'para 4', 'p. 2, point 8.C'.",
            },
        },
    },
}

SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "publisher", "date", "url"],
    "properties": {
        "title": {
            **TEXT,
            "description": "The title of the source as its publisher gives it.",
        },
        "publisher": {
            **TEXT,
            "description": "The original publisher (the newsroom, agency, court or government body).",
        },
        "date": {
            "type": "string",
            "pattern": SOURCE_DATE,
            "description": "Publication date: YYYY-MM-DD, or YYYY-MM or YYYY where only that is known, or n.d. when the page shows none.",
        },
        "url": {
            "type": "string",
            "pattern": URL,
            "maxLength": 2000,
            "description": "An https address that was opened and confirmed.",
        },
        "via": {
            **TEXT,
            "description": "Where the text was read, when it was a syndicated copy or mirror rather than the original publisher's page.",
        },
        "original": {
            "type": "string",
            "pattern": URL,
            "maxLength": 2000,
            "description": "The original publisher's own address, when `url` is a copy (see `via`) and a stored copy of the original was found with the same words. Shown first; the copy is linked as 'read via'.",
        },
        "access": {
            "enum": ["subscription"],
            "description": "subscription: the address shown first (the original, if given) may ask for a subscription to read in full.",
        },
        "evidence": EVIDENCE,
    },
}

SPEAKERS = ("article", "us-officials", "iranian-officials", "others")


def _technique_use() -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["technique", "speaker", "words"],
        "properties": {
            "technique": _enum("techniques"),
            "speaker": {
                "enum": list(SPEAKERS),
                "description": "Whose words: the article's author, US officials, Iranian officials or others.",
            },
            "words": {
                **TEXT,
                "description": "The words tagged, exactly as the note quotes them (or as the article has them).",
            },
        },
    }


def build_schema() -> dict:
    tax = taxonomy()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "annotation.schema.json",
        "title": "Marginalia annotation",
        "description": "One annotation of one article: a note attached to an exact span of its text. See CONTRIBUTING.md and the method page.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "article",
            "kind",
            "target",
            "title",
            "summary",
            "body",
            "sources",
            "checked",
        ],
        "properties": {
            "id": {
                "type": "string",
                "pattern": SLUG,
                "maxLength": 80,
                "description": "The annotation's id: lowercase words joined by hyphens. It must equal the file name without .yml, and is the note's permalink (#id).",
            },
            "article": {
                "type": "string",
                "pattern": SLUG,
                "description": "The slug of the article: the name of a metadata file seeds/<article>.yml.",
            },
            "kind": {
                **_enum("kinds"),
                "description": "What the note does: context, counterpoint or source-check.",
            },
            "target": {
                "type": "object",
                "additionalProperties": False,
                "required": ["exact"],
                "description": "The span of the article the note is attached to, as a W3C TextQuoteSelector.",
                "properties": {
                    "exact": {
                        **TEXT,
                        "description": "The exact words of the article, copied from it. Differences in white space and typographic quotes are ignored.",
                    },
                    "prefix": {
                        **TEXT,
                        "description": "Words just before `exact`, needed only when `exact` occurs more than once.",
                    },
                    "suffix": {
                        **TEXT,
                        "description": "Words just after `exact`, needed only when `exact` occurs more than once.",
                    },
                },
            },
            "title": {
                **TEXT,
                "maxLength": 120,
                "description": "What the note establishes, in plain words (aim for under 70 characters).",
            },
            "summary": {
                **TEXT,
                "maxLength": 400,
                "description": "Plain text, one or two sentences, that stands alone in search results and exports.",
            },
            "body": {
                **TEXT,
                "description": "The note in Markdown: what the article says, what the record shows, why it matters. Raw HTML is removed.",
            },
            "verdict": {
                **_enum("verdicts"),
                "description": "Source checks only: how the claim compares with its source.",
            },
            "techniques": {
                "type": "array",
                "uniqueItems": True,
                "items": {
                    "anyOf": [
                        _enum("techniques"),
                        _technique_use(),
                    ]
                },
                "description": "Persuasion techniques: a plain name for the article's own words in the highlighted span; a mapping with `speaker` and `words` for words of anyone else that the note quotes (see the method page).",
            },
            "sources": {
                "type": "array",
                "minItems": 1,
                "description": "The sources the note rests on, primary first. At least two for any verdict other than accurate.",
                "items": SOURCE,
            },
            "questions": {
                "type": "array",
                "items": TEXT,
                "description": "Optional discussion questions for teachers, shown in the answer key and the worksheet.",
            },
            "corrections": {
                "type": "array",
                "description": "Changes of substance after the note was published (a changed verdict, a fixed fact), oldest first.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["date", "change"],
                    "properties": {
                        "date": {
                            "type": "string",
                            "pattern": DATE,
                            "description": "The day of the correction (YYYY-MM-DD).",
                        },
                        "change": {
                            **TEXT,
                            "description": "What was changed and why, in a sentence or two.",
                        },
                    },
                },
            },
            "checked": {
                "type": "string",
                "pattern": DATE,
                "description": "The date (YYYY-MM-DD) the note was last checked against its sources.",
            },
        },
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": "source-check"}}, "required": ["kind"]},
                "then": {"required": ["verdict"]},
            },
            {
                "if": {
                    "properties": {"kind": {"enum": ["context", "counterpoint"]}},
                    "required": ["kind"],
                },
                "then": {"not": {"required": ["verdict"]}},
            },
            {
                "if": {
                    "required": ["verdict"],
                    "properties": {
                        "verdict": {"enum": [v for v in tax["verdicts"] if v != "accurate"]}
                    },
                },
                "then": {"properties": {"sources": {"minItems": 2}}},
            },
        ],
    }
    return schema


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
