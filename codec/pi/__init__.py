"""Cisco Prime Infrastructure specifics, beside the generic core (the ``codec/_*.py`` modules).

* `codec.pi.jobservice`: the jobService payload models and operation descriptors;
* `codec.pi.errordocument`: ``errorDocument``, PI's answer to a failed call;
* ``_operation``: what a PI operation is (its ``/webacs/api/vN/op/`` path, its error answers)
  over the generic HTTP helpers;
* ``_urls``: PI's URLs in one place, the envelope URL rule (``/webacs/api/vN/`` in
  ``requestUrl`` and ``rootUrl``) among them;
* ``_defaults``: `codec.detect`, `codec.validate` and `codec.any_payload_schema`, defaulting
  to `SHIPPED`.

The core never imports this package: it gets what it needs of PI from the models (the URL
rule they carry) and the operations (their paths and error answers) it is handed.
`codec.jobservice` and `codec.errordocument` re-export the modules of the same name here.
"""

from typing import Any, Final

from ._urls import ENVELOPE_URLS, EnvelopeUrls
from .jobservice import JobOperationPayload, JobRunOperationPayload, MgmtResponse

__all__ = ["ENVELOPE_URLS", "SHIPPED", "EnvelopeUrls"]

#: The payload types this library ships, in one place: what `codec.detect`,
#: `codec.validate`, `codec.any_payload_schema` and the command line know by default.
SHIPPED: Final[tuple[type[Any], ...]] = (JobOperationPayload, JobRunOperationPayload, MgmtResponse)
