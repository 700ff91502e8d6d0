from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over all live public pages of the current language."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific()
            .search(query)
        )
    page = Paginator(results, 10).get_page(request.GET.get("seite"))
    return TemplateResponse(request, "core/search.html", {"query": query, "results": page})
