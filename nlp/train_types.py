"""Training the event-type model (``gatewatch train``): see ``typemodel.py``.

Each type's model is a logistic regression (``logistic.py``) with ``typemodel.C``.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np

from gatewatch.nlp.components.events import EVENT_FILE, LEAD_CUE
from gatewatch.nlp.kb import read_yaml_file
from gatewatch.nlp.logistic import SparseRows, fit_logistic
from gatewatch.nlp.typemodel import (
    MIN_LEADS, MIN_POSITIVES, GRAM_KINDS, C, RELEVANT, Evidence, TypeModel, finding_names, gold_labels, training_digest,
)


def train_on_gold(items: list[dict], cue_file: Path = EVENT_FILE) -> dict:
    """A model trained on the gold items given (``gatewatch train`` gives the dev split):
    each item's evidence is what the pipeline's rules find in it."""
    from gatewatch.nlp.tag import parsed_docs  # (the pipeline, loaded only to train)

    examples = [(doc._.type_evidence, gold_labels(item["gold"]))
                for item, doc in zip(items, parsed_docs(items)) if doc._.type_evidence is not None]
    model = train(examples, [*read_yaml_file(cue_file)["event_types"], RELEVANT])
    model["trained_on"] = training_digest([(item["id"], gold_labels(item["gold"])) for item in items], cue_file)
    return model


def _vocabulary(leads: list[list[str]], first_index: int) -> dict[str, list[float]]:
    """gram → [index, idf] for the grams in at least MIN_LEADS leads (smoothed idf)."""
    counts = Counter(g for grams in leads for g in set(grams))
    kept = sorted(g for g, n in counts.items() if n >= MIN_LEADS)
    return {g: [first_index + i, round(math.log((1 + len(leads)) / (1 + counts[g])) + 1, 6)] for i, g in enumerate(kept)}


def train(examples: list[tuple[Evidence, list[str]]], types: list[str]) -> dict:
    """A model (the JSON ``TypeModel`` reads) from evidence and gold types."""
    evidence = [e for e, _ in examples]
    grams, width = {}, 0
    for kind, read in GRAM_KINDS.items():
        grams[kind] = _vocabulary([read(e.lead) for e in evidence], first_index=width)
        width += len(grams[kind])
    findings = sorted({name for e in evidence for name in finding_names(e, types)})
    data = {"types": types, "grams": grams, "findings": {name: width + i for i, name in enumerate(findings)},
            "modelled": [], "weights": [], "bias": []}
    model = TypeModel({**data, "weights": [], "bias": [0.0] * len(types)})
    width += len(findings)
    features = SparseRows(*model.features(evidence), shape=(len(examples), width))
    weights, bias = np.zeros((width, len(types))), np.zeros(len(types))
    # (where a type's cue stands says which type an action is, not whether it is in the field:
    # read for relevance, it learns appeals of tax rulings against appeals of fines)
    lead_cues = [i for name, i in data["findings"].items() if name.startswith(f"signal:{LEAD_CUE}")]
    kept = ~np.isin(features.index, lead_cues)
    without_lead_cues = SparseRows(features.rows[kept], features.index[kept], features.values[kept], features.shape)
    for k, event_type in enumerate(types):
        labels = np.array([event_type in gold for _, gold in examples])
        if MIN_POSITIVES <= labels.sum() <= len(labels) - MIN_POSITIVES:  # (examples of both kinds)
            read = without_lead_cues if event_type == RELEVANT else features
            weights[:, k], bias[k] = fit_logistic(read, labels, C)
            data["modelled"].append(event_type)
        else:
            bias[k] = -1.0  # (never predicted: the rules decide)
    data["weights"] = [[round(float(w), 5) for w in row] for row in weights]
    data["bias"] = [round(float(b), 5) for b in bias]
    return data
