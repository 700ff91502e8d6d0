"""Error responses of the open-data API (/api/v1/), documented once for every router.

Django Ninja answers a parameter the schema forbids with 422 and this body; ``Http404`` with
404 and ``{"detail": "Not Found"}``. An operation declares what it can answer, e.g.
``response={200: ThingOut, **errors(not_found=True)}``, so that the OpenAPI schema is exact
(core/tests/test_api_contract.py runs schemathesis against it).
"""

from typing import Literal

from ninja import Schema
from ninja.errors import ValidationError


class ErrorOut(Schema):
    type: str | None = None
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """422: a bad parameter value, a parameter the operation does not know or one given twice."""

    detail: list[ErrorOut]


class NotFoundOut(Schema):
    """404: no such object."""

    detail: str


def errors(*, invalid: bool = True, not_found: bool = False) -> dict:
    """The documented error responses of an operation (merge into its ``response=``)."""
    responses: dict = {}
    if invalid:
        responses[422] = ValidationErrorOut
    if not_found:
        responses[404] = NotFoundOut
    return responses


def enum_of(choices):
    """``Literal`` of the values of Django ``choices``: an enum in the OpenAPI schema."""
    return Literal[tuple(str(value) for value, _label in choices)]


def reject_unknown_params(request, allowed) -> None:
    """Strict input: a query parameter the operation does not know is a 422, not ignored."""
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise ValidationError(
            [
                {"loc": ["query", name[:40]], "msg": "Unknown parameter.", "type": "value_error"}
                for name in unknown
            ]
        )
