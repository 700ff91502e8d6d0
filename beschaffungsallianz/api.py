"""Read-only open-data API under /api/v1/ (Django Ninja; schema at /api/v1/openapi.json)."""

from ninja import NinjaAPI

from beschaffungsallianz.events.api import router as events_router
from beschaffungsallianz.knowledge.api import router as knowledge_router
from beschaffungsallianz.library.api import router as library_router
from beschaffungsallianz.monitor.api import router as monitor_router
from beschaffungsallianz.network.api import router as network_router
from beschaffungsallianz.publications.api import router as publications_router
from beschaffungsallianz.search.api import router as search_router

api = NinjaAPI(
    title="Beschaffungsallianz Open Data API",
    version="1.0.0",
    description=(
        "Read-only open data of the alliance: good-practice examples, product groups, labels, "
        "criteria, state procurement laws, tender-monitor statistics and events. "
        "Licence: see /api/v1/licence."
    ),
    urls_namespace="api",
)
api.add_router("/", knowledge_router)
api.add_router("/monitor/", monitor_router)
api.add_router("/network/", network_router)
api.add_router("/publications/", publications_router)
api.add_router("/events/", events_router)
api.add_router("/", search_router)
api.add_router("/library/", library_router)


def cors_middleware(get_response):
    """Open data: any origin may GET /api/ (read-only, no cookies needed)."""

    def middleware(request):
        response = get_response(request)
        if request.path.startswith("/api/") and request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response

    return middleware
