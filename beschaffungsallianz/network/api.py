"""Read-only JSON API of the network app, mounted under /api/v1/ by beschaffungsallianz/api.py."""

from ninja import Router

router = Router(tags=["network"])
