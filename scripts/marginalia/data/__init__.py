"""Stage 1, the data: the model, the file loader, validation, anchoring, companion data.

The only stage that reads the project's files; it imports no page or engine code.
"""
