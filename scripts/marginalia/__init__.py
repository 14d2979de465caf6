"""Marginalia: annotated reading for media literacy.

YAML annotations attach context, counterpoints and source checks to exact spans of an
article; this package validates them, anchors them to the text and generates the pages of a
Material for MkDocs site.
"""

__version__ = "0.1.0"
