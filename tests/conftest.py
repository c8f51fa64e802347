"""Shared fixtures: one parametrisation over versions and formats, and Hypothesis profiles.

Profiles: ``dev`` (default, quick), ``ci`` (sized so the whole suite stays well under ten
minutes on two cores; chosen when the ``CI`` environment variable is set) and ``thorough`` for
long local runs (``HYPOTHESIS_PROFILE=thorough``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

VERSIONS = (1, 2, 3, 4)
FORMATS = ("xml", "json")


@pytest.fixture(params=VERSIONS, ids=[f"v{v}" for v in VERSIONS])
def version(request: pytest.FixtureRequest) -> int:
    """Every API version."""
    value: int = request.param
    return value


@pytest.fixture(params=FORMATS)
def fmt(request: pytest.FixtureRequest) -> str:
    """Both wire formats."""
    value: str = request.param
    return value
