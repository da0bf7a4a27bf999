"""Pairwise precision and recall of a clustering against expected clusters.

A pair of reports placed in one incident is a true positive when the expected incidents also
put them together. This is the usual measure for entity resolution; it weights large
incidents more than singletons, which is what matters for merge mistakes."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class PairScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(clusters: Iterable[Iterable[Hashable]]) -> set[frozenset[Hashable]]:
    out: set[frozenset[Hashable]] = set()
    for cluster in clusters:
        for a, b in combinations(sorted(set(cluster), key=str), 2):
            out.add(frozenset((a, b)))
    return out


def pair_scores(
    predicted: Iterable[Iterable[Hashable]], expected: Iterable[Iterable[Hashable]]
) -> PairScores:
    pred, true = _pairs(predicted), _pairs(expected)
    return PairScores(len(true), len(pred), len(pred & true))
