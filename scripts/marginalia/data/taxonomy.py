"""The vocabularies of the format (kinds, verdicts, techniques), read from taxonomy.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml


@cache
def taxonomy() -> dict:
    return yaml.safe_load((Path(__file__).parent / "taxonomy.yml").read_text(encoding="utf-8"))


def label(section: str, key: str) -> str:
    return taxonomy()[section][key]["label"]
