"""L2-regularised logistic regression with balanced class weights, fitted with numpy alone by
L-BFGS (what scikit-learn's ``LogisticRegression(C=…, class_weight="balanced")`` fits, without
adding it to the package's dependencies). The shipped models are fitted with it: the event
types' (``train_types.py``), the fines' (``finemodel.py``) and the names' (``namemodel.py``)."""

from __future__ import annotations

from collections import Counter
from itertools import repeat

import numpy as np

ITERATIONS = 1000
HISTORY = 10  # L-BFGS memory
# Done when no gradient component is larger (scikit-learn's default tolerance), or the loss
# stops falling.
GRADIENT_TOLERANCE = 1e-4
LOSS_TOLERANCE = 1e-12


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


def fit_logistic(features: np.ndarray | SparseRows, labels: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Weights and bias minimising c·Σ balanced log-loss + ½‖w‖² (the bias unpenalised): the
    smaller ``c``, the more the weights are held back."""
    n = len(labels)
    sign = np.where(labels, 1.0, -1.0)
    positives = labels.sum()
    sample_weight = np.where(labels, n / (2 * positives), n / (2 * (n - positives)))

    def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:-1], params[-1]
        margin = sign * (features @ w + b)
        loss = c * float(sample_weight @ np.logaddexp(0.0, -margin)) + 0.5 * float(w @ w)
        slope = -c * sample_weight * sign * np.exp(-np.logaddexp(0.0, margin))  # (1 / (1 + e^margin), overflow-free)
        return loss, np.concatenate([features.T @ slope + w, [slope.sum()]])

    params = _lbfgs(loss_and_gradient, np.zeros(features.shape[1] + 1))
    return params[:-1], float(params[-1])


def fit_grams(examples: list[tuple[list[str], bool]], c: float, min_count: int) -> tuple[dict[str, float], float]:
    """Weights (the non-zero ones, rounded) and bias of a regression over binary grams, from
    each example's grams and label; grams in fewer than ``min_count`` examples are left out."""
    counts = Counter(gram for grams, _ in examples for gram in set(grams))
    vocabulary = {gram: i for i, gram in enumerate(sorted(g for g, n in counts.items() if n >= min_count))}
    cells = sorted({(row, vocabulary[g]) for row, (grams, _) in enumerate(examples) for g in grams if g in vocabulary})
    rows, index = (np.array(column, dtype=np.intp) for column in zip(*cells)) if cells else (np.zeros(0, np.intp),) * 2
    features = SparseRows(rows, index, np.ones(len(rows)), shape=(len(examples), len(vocabulary)))
    weights, bias = fit_logistic(features, np.array([label for _, label in examples]), c)
    return {gram: round(float(weights[i]), 5) for gram, i in vocabulary.items() if round(float(weights[i]), 5)}, round(bias, 5)


class GramModel:
    """A fitted regression over binary grams, as ``fit_grams`` gives it: the weights of the
    grams it knows (the others weigh nothing), and a bias."""

    def __init__(self, data: dict) -> None:
        self.weights: dict[str, float] = data["weights"]
        self.bias: float = data["bias"]

    def logit(self, grams: list[str]) -> float:
        return self.bias + sum(map(self.weights.get, set(grams), repeat(0.0)))


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
