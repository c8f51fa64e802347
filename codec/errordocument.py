"""The server's error answer, ``errorDocument``, and `read_error` to decode one.

Re-exported from `codec.pi.errordocument`, where it lives with the other PI specifics.
"""

from .pi.errordocument import ErrorDocument, read_error

__all__ = ["ErrorDocument", "read_error"]
