"""/suche/: the whole-site search (a plain view: no page owns it)."""

from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from beschaffungsallianz.search.query import MAX_QUERY_LENGTH, QueryTooLong, clean_query, search
from beschaffungsallianz.search.suggest import suggestions

KIND_PARAMETER = "art"
PAGE_PARAMETER = "seite"


@require_GET
def search_view(request):
    """Counts per kind, the hits of the chosen kind (``?art=``) a page at a time (``?seite=``),
    suggestions when nothing is found; 400 for a query over MAX_QUERY_LENGTH characters."""
    raw = request.GET.get("q", "")
    context = {"max_query_length": MAX_QUERY_LENGTH, "query": "", "error": "", "results": None}
    try:
        query = clean_query(raw)
    except QueryTooLong as too_long:
        context["error"] = _(
            "The search term is too long (%(length)d characters). Please use at most "
            "%(max)d characters."
        ) % {"length": too_long.args[0], "max": MAX_QUERY_LENGTH}
        context["query"] = raw.strip()[:MAX_QUERY_LENGTH]
        return TemplateResponse(request, "search/search.html", context, status=400)
    context["query"] = query
    language = get_language() or "de"
    results = search(query, kind=request.GET.get(KIND_PARAMETER, ""), language=language)
    context["results"] = results
    if results.terms:
        if results.kind:  # without a kind, the overview shows the best hits of each kind
            context["page_obj"] = results.page(request.GET.get(PAGE_PARAMETER))
        if not results.total:
            context["suggestions"] = suggestions(query, language)
    return TemplateResponse(request, "search/search.html", context)
