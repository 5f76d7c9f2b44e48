"""Components that ``nlp.pipe`` runs over a batch of docs in a row.

Run one doc at a time through the whole pipeline, each component finds its code, compiled
patterns and tables evicted from the CPU's caches by the tokenizer, the EntityRuler and the
other components since its previous doc: the components took half as long again per doc as
when each ran over many docs in a row (bench/nlp_throughput.py). Over a batch in a row,
they stay cached; the docs of one batch still fit.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch

# Docs per batch at most (``nlp.pipe``'s batch_size, if smaller). ``cues.digit_runs`` keeps as
# many texts' runs, so that the components after the first find a batch's runs there.
PIPE_BATCH = 64


class BatchedComponent(ABC):
    @abstractmethod
    def __call__(self, doc: Doc) -> Doc: ...

    def run_batch(self, docs: list[Doc]) -> Iterable[Doc]:
        """One batch: ``__call__`` on each doc, unless a component reads a batch at once."""
        return map(self, docs)

    def pipe(self, docs: Iterable[Doc], batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
        """What ``nlp.pipe`` calls: ``run_batch`` on a batch of docs at a time."""
        for batch in minibatch(docs, size=min(batch_size, PIPE_BATCH)):
            yield from self.run_batch(batch)
