"""MkDocs hook: add the generated pages to every build, so `mkdocs serve` reloads them.

Kept thin on purpose: everything else is plain Python that any static-site engine can call
(`marginalia generate` writes the same pages to a folder).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from marginalia.build import edit_base
from marginalia.corpus import load_corpus
from marginalia.problems import format_problems
from marginalia.site import generate_pages


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    corpus, problems = load_corpus(root)
    if problems:
        raise PluginError("the annotations have problems:\n" + format_problems(problems))
    for uri, content in generate_pages(corpus, config.site_url, edit_base(root)).items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} is a generated page; remove the hand-written file")
        files.append(File.generated(config, uri, content=content))
    return files
