"""Hypothesis settings shared by the property tests (tests/test_fuzz_*.py).

``make test`` runs them briefly (profile ``veille-quick``: 25 examples each, a few seconds in
all); ``make fuzz`` sets ``HYPOTHESIS_PROFILE=veille-fuzz`` (600 examples each, no per-example
deadline) under a 15-minute ``timeout``. Nothing is written into the work tree: no example
database, and Hypothesis' own cache goes to a temporary directory.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "veille-hypothesis")
)

from hypothesis import HealthCheck, settings  # after the storage directory is set

settings.register_profile(
    "veille-quick", max_examples=25, deadline=None, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile(
    "veille-fuzz", max_examples=600, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "veille-quick"))
