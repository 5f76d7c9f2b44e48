"""Custom spaCy components. Importing this package registers their factories."""

from gatewatch.nlp.components import linker  # noqa: F401
