"""Across articles: copied text (:mod:`.copies`) and incidents from events (:mod:`.merge`)."""
