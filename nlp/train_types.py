"""Training the event-type model (``gatewatch train-types``): see ``typemodel.py``.

Each type's model is an L2-regularised logistic regression with balanced class weights
(scikit-learn's ``LogisticRegression(C=4, class_weight="balanced")``, fitted here with numpy
alone by L-BFGS, so the package needs no more dependencies).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np

from gatewatch.nlp.components.events import EVENT_FILE
from gatewatch.nlp.kb import read_yaml_file
from gatewatch.nlp.typemodel import (
    MIN_LEADS, MIN_POSITIVES, GRAM_KINDS, C, Evidence, TypeModel, finding_names, training_digest,
)

ITERATIONS = 1000
HISTORY = 10  # L-BFGS memory
# Done when no gradient component is larger (scikit-learn's default tolerance), or the loss
# stops falling.
GRADIENT_TOLERANCE = 1e-4
LOSS_TOLERANCE = 1e-12


def train_on_gold(items: list[dict], cue_file: Path = EVENT_FILE) -> dict:
    """A model trained on the gold items given (``gatewatch train-types`` gives the dev split):
    each item's evidence is what the pipeline's rules find in it."""
    from gatewatch.nlp.tag import parsed_docs  # (the pipeline, loaded only to train)

    examples = [(doc._.type_evidence, item["gold"]["event_types"])
                for item, doc in zip(items, parsed_docs(items)) if doc._.type_evidence is not None]
    model = train(examples, list(read_yaml_file(cue_file)["event_types"]))
    model["trained_on"] = training_digest([(item["id"], item["gold"]["event_types"]) for item in items], cue_file)
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
    for k, event_type in enumerate(types):
        labels = np.array([event_type in gold for _, gold in examples])
        if MIN_POSITIVES <= labels.sum() <= len(labels) - MIN_POSITIVES:  # (examples of both kinds)
            weights[:, k], bias[k] = fit_logistic(features, labels)
            data["modelled"].append(event_type)
        else:
            bias[k] = -1.0  # (never predicted: the rules decide)
    data["weights"] = [[round(float(w), 5) for w in row] for row in weights]
    data["bias"] = [round(float(b), 5) for b in bias]
    return data


class SparseRows:
    """A features × examples matrix held as its non-zero cells (row, column, value), each cell
    once, as ``TypeModel.features`` gives them: a lead has a few hundred of the tens of
    thousands of features, and the fit only multiplies the matrix (or its transpose) by a vector."""

    def __init__(self, rows: np.ndarray, index: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> None:
        self.rows, self.index, self.values, self.shape = rows, index, values, shape

    def __matmul__(self, vector: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, weights=self.values * vector[self.index], minlength=self.shape[0])

    @property
    def T(self) -> "SparseRows":  # noqa: N802  (as numpy names a transpose)
        return SparseRows(self.index, self.rows, self.values, self.shape[::-1])


def fit_logistic(features: np.ndarray | SparseRows, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias minimising C·Σ balanced log-loss + ½‖w‖² (the bias unpenalised)."""
    n = len(labels)
    sign = np.where(labels, 1.0, -1.0)
    positives = labels.sum()
    sample_weight = np.where(labels, n / (2 * positives), n / (2 * (n - positives)))

    def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:-1], params[-1]
        margin = sign * (features @ w + b)
        loss = C * float(sample_weight @ np.logaddexp(0.0, -margin)) + 0.5 * float(w @ w)
        slope = -C * sample_weight * sign * np.exp(-np.logaddexp(0.0, margin))  # (1 / (1 + e^margin), overflow-free)
        return loss, np.concatenate([features.T @ slope + w, [slope.sum()]])

    params = _lbfgs(loss_and_gradient, np.zeros(features.shape[1] + 1))
    return params[:-1], float(params[-1])


def _lbfgs(objective, params: np.ndarray) -> np.ndarray:
    loss, gradient = objective(params)
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    for _ in range(ITERATIONS):
        direction = -_two_loop(gradient, steps)
        slope = float(gradient @ direction)
        if slope >= 0:  # (not a descent direction: start the memory afresh)
            steps, direction, slope = [], -gradient, -float(gradient @ gradient)
        size = 1.0
        while True:  # backtracking until the loss falls enough (Armijo)
            candidate = params + size * direction
            new_loss, new_gradient = objective(candidate)
            if new_loss <= loss + 1e-4 * size * slope or size < 1e-10:
                break
            size /= 2
        step, change = candidate - params, new_gradient - gradient
        if float(step @ change) > 1e-12:
            steps = [*steps[-(HISTORY - 1):], (step, change)]
        params, gradient, previous = candidate, new_gradient, loss
        loss = new_loss
        if np.abs(gradient).max() <= GRADIENT_TOLERANCE or previous - loss <= LOSS_TOLERANCE * max(1.0, abs(loss)):
            break
    return params


def _two_loop(gradient: np.ndarray, steps: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The L-BFGS estimate of the inverse Hessian times ``gradient``."""
    q, alphas = gradient.copy(), []
    for step, change in reversed(steps):
        alpha = float(step @ q) / float(change @ step)
        alphas.append(alpha)
        q -= alpha * change
    if steps:
        step, change = steps[-1]
        q *= float(step @ change) / float(change @ change)
    for (step, change), alpha in zip(steps, reversed(alphas)):
        beta = float(change @ q) / float(change @ step)
        q += (alpha - beta) * step
    return q
