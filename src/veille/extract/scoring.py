"""Probabilities from the shipped models without scikit-learn's per-call overhead.

Every decision is a ``DictVectorizer`` + ``LogisticRegression`` pipeline. Its ``predict_proba``
validates its input on every call, which costs about 2 ms: more than the arithmetic for the few
rows a document has. Here the same numbers come from the fitted vocabulary and coefficients
directly (a sparse product, then the logistic or the softmax), as the model computes them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from veille.extract.candidates import Features


def probabilities(model: Any, rows: list[Features]) -> np.ndarray:
    """``model.predict_proba(rows)`` for a fitted DictVectorizer + LogisticRegression pipeline."""
    vectorizer, classifier = model.steps[0][1], model.steps[-1][1]
    vocabulary = vectorizer.vocabulary_
    coef = classifier.coef_
    scores = np.tile(classifier.intercept_.astype(float), (len(rows), 1))
    for r, row in enumerate(rows):
        columns = [(vocabulary[name], value) for name, value in row.items() if name in vocabulary and value]
        if columns:
            index, values = zip(*columns, strict=True)
            scores[r] += coef[:, list(index)] @ np.asarray(values, dtype=float)
    if scores.shape[1] == 1:  # binary: the positive class's logistic, beside its complement
        positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.column_stack([1.0 - positive, positive])
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)
