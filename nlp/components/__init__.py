"""Custom spaCy components. Importing this package registers their factories."""

from gatewatch.nlp.components import bodies, dates, events, linker, money, names, orgs, transport  # noqa: F401
