"""Who sees what of the working group's business: the one access helper of this app.

- Everybody sees the list of meetings that have taken place, with date, title and public
  summary.
- ``internal``: members of the group "Arbeitskreis" and staff with ``meetings.view_meeting``
  (coordinators, administrators) also see upcoming meetings, place, online link, agenda,
  invitation, documents, minutes and the decisions register. Members of the group "Mitglied"
  who are not in the working group do not: the register is the group's internal record.
- ``may_answer``: only members of "Arbeitskreis" answer an invitation (they are the invited).

``access_for(request)`` decides once per request; ``refuse(request)`` is the answer for a
members-only route (login redirect for anonymous visitors, 403 otherwise). A response that
shows internal parts is marked private by ``private()``: it is never stored by the page
cache (which skips sessions anyway) nor by a proxy.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control

from beschaffungsallianz.core.personal_data import denied
from beschaffungsallianz.core.roles import WORKING_GROUP_GROUP


@dataclass(frozen=True)
class Access:
    internal: bool = False
    may_answer: bool = False


PUBLIC = Access()


def access_for(request) -> Access:
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return PUBLIC
    in_group = user.groups.filter(name=WORKING_GROUP_GROUP).exists()
    return Access(internal=in_group or user.has_perm("meetings.view_meeting"), may_answer=in_group)


def refuse(request):
    """Anonymous: to the login, then back. Logged in without the right: 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return denied(request)


def private(response):
    """A response for a logged-in person: never stored by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response
