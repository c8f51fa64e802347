"""The jobService operations: their payload models and operation descriptors.

Re-exported from `codec.pi.jobservice`, where they live with the other PI specifics.
"""

from .pi import jobservice as _jobservice

# The same names: one list of them, in codec.pi.jobservice.
from .pi.jobservice import *  # noqa: F403

__all__ = _jobservice.__all__
