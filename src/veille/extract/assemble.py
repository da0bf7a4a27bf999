"""Assemble events from mentions (placeholder until the extractors land)."""

from __future__ import annotations

from veille.model import Article, Event, Toll


def extract_events(article: Article) -> tuple[list[Event], list[Toll]]:
    return [], []
