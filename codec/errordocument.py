"""The server's error answer, ``errorDocument``, and `read_error` to decode one.

Re-exported from `codec.pi.errordocument`, where it lives with the other PI specifics.
"""

from .pi import errordocument as _errordocument

# The same names: one list of them, in codec.pi.errordocument.
from .pi.errordocument import *  # noqa: F403

__all__ = _errordocument.__all__
