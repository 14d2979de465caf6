"""Stage 2, the pages: Markdown and HTML generated from the data, for any static-site engine."""
