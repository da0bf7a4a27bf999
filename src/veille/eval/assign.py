"""Optimal one-to-one assignment (Hungarian algorithm), small and dependency-free.

Scoring pairs gold and predicted items inside one document: at most a few dozen on each side,
so an O(n²m) pure-Python implementation is plenty.
"""

from __future__ import annotations

from collections.abc import Sequence

INF = float("inf")


def max_weight_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Pairs ``(row, col)`` maximising the total weight; a pair of weight <= 0 is never
    returned (it means "not allowed"). Every row and every column is used at most once."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    transposed = rows > cols
    if transposed:
        weights = [[weights[r][c] for r in range(rows)] for c in range(cols)]
        rows, cols = cols, rows
    cost = [[-max(w, 0.0) for w in row] for row in weights]
    assignment = _hungarian(cost, rows, cols)
    pairs = []
    for r, c in enumerate(assignment):
        if c >= 0 and weights[r][c] > 0:
            pairs.append((c, r) if transposed else (r, c))
    return sorted(pairs)


def _hungarian(cost: list[list[float]], n: int, m: int) -> list[int]:
    """Minimum-cost assignment of n rows to m >= n columns; returns the column of each row."""
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [INF] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = INF
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    return result
