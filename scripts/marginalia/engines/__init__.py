"""Stage 3, the engines: the only modules that import a static-site engine (MkDocs)."""
